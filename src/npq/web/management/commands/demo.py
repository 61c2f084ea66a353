"""npq demo: a believable data set for every role, built by each app's demo module, in order."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from npq.api import demo as api_demo
from npq.assessment import demo as assessment_demo
from npq.awards import demo as awards_demo
from npq.core.audit import Actor
from npq.declarations import demo as declarations_demo
from npq.delivery import demo as delivery_demo
from npq.finance import demo as finance_demo
from npq.frameworks import demo as frameworks_demo
from npq.insights import demo as insights_demo
from npq.people import demo as people_demo
from npq.quality import demo as quality_demo
from npq.reference import demo as reference_demo
from npq.reference.loading import load_reference
from npq.registration import demo as registration_demo
from npq.surveys import demo as surveys_demo
from npq.training import demo as training_demo

# Each app's demo module, in the order they build on each other.
ORDER = [
    ("reference", reference_demo),
    ("people", people_demo),
    ("registration", registration_demo),
    ("training", training_demo),
    ("api", api_demo),
    ("frameworks", frameworks_demo),
    ("declarations", declarations_demo),  # on the contracts and statements finance_demo.ensure_... made first
    ("finance", finance_demo),  # advances the statements those declarations landed on
    ("delivery", delivery_demo),  # its group declares started and retained on the statements made above
    ("assessment", assessment_demo),  # released results, then completed declarations that take them as outcomes
    ("surveys", surveys_demo),  # end-of-module and session feedback from the delivery group, partners, school staff
    ("awards", awards_demo),  # passed outcomes become awards (most already made as the outcomes were recorded)
    ("quality", quality_demo),  # observations of the group's facilitator; Ofsted's visits read all of the above
    ("insights", insights_demo),  # summaries of everything above, and one published release
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
        # Each step commits once: the services' own transactions (each change with its audit event)
        # nest inside it as savepoints, so the demo does not wait for a commit per change.
        for app, module in ORDER:
            if module is declarations_demo:
                self.stdout.write("Demo finance, contracts and statements:")
                with transaction.atomic():
                    finance_demo.ensure_contracts_and_statements(out)
            self.stdout.write(f"Demo {app}:")
            with transaction.atomic():
                module.create_demo(out)
            modules.append((app, module))
        # Some steps need what later apps made (deferring or withdrawing needs declarations).
        for app, module in modules:
            if hasattr(module, "finish_demo"):
                self.stdout.write(f"Demo {app}, last steps:")
                with transaction.atomic():
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
