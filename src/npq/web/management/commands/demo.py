"""npq demo: a believable data set for every role, built by each app's demo module, in order."""

import importlib
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from npq.core.audit import Actor
from npq.people import demo as people_demo
from npq.reference.loading import load_reference

ORDER = [
    "reference",
    "people",
    "registration",
    "training",
    "api",
    "frameworks",
    "declarations",
    "finance",
    "delivery",  # its group declares started and retained on the statements made above
    "assessment",  # released results, then completed declarations that take them as outcomes
    "awards",  # passed outcomes become awards (most already made as the outcomes were recorded)
]


class Out:
    def __init__(self, command: BaseCommand) -> None:
        self.command = command

    def write(self, text: str) -> None:
        self.command.stdout.write(f"  {text}")


class Command(BaseCommand):
    help = "Create the demo data set (safe to run again) and print the demo sign-ins."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--force", action="store_true", help="allow demo data outside development")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.ENV != "development" and not options["force"]:
            raise CommandError("npq demo creates users with a published password: refused outside development")
        load_reference(Actor.command("demo"))
        out = Out(self)
        modules = []
        for app in ORDER:
            try:
                module = importlib.import_module(f"npq.{app}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"npq.{app}.demo":
                    raise
                continue
            self.stdout.write(f"Demo {app}:")
            module.create_demo(out)
            modules.append((app, module))
        # Some steps need what later apps made (deferring or withdrawing needs declarations).
        for app, module in modules:
            if hasattr(module, "finish_demo"):
                self.stdout.write(f"Demo {app}, last steps:")
                module.finish_demo(out)
        self.stdout.write("")
        self.stdout.write(
            f"Demo sign-ins (staff: http://127.0.0.1:8000/sign-in, password: {people_demo.DEMO_PASSWORD})"
        )
        for role, email, where in people_demo.sign_ins():
            self.stdout.write(f"  {role:<24} {email:<32} {where}")
        self.stdout.write(
            "Participants: http://127.0.0.1:8000/sign-in/code with participant001@school.example "
            "(the code is printed in the server's output, as emails are in development)"
        )
