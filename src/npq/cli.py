"""The ``npq`` command: every operation of the platform, over Django's management commands."""

import os
import sys

COMMANDS = [
    (
        "serve [--host H] [--port P] [--workers N] [--with-worker]",
        "Serve the pages and the API (gunicorn; Django's server with --dev); --with-worker runs jobs beside it.",
    ),
    ("worker [--once]", "Run background jobs: emails, webhooks and the scheduled jobs. Several may run at once."),
    ("migrate", "Create or upgrade the database tables."),
    (
        "load-reference",
        "Load courses, cohorts, schedules, milestones, lead providers, delivery partners and offerings.",
    ),
    ("demo", "Create the demo data set (providers' staff, schools, participants) and print the demo sign-ins."),
    (
        "import schools FILE [--execute]",
        "Import a GIAS 'edubase' CSV: adds, updates and closes schools. Dry run unless --execute.",
    ),
    (
        "import eligibility-list KIND FILE [--execute]",
        "Import a funding eligibility list (pp50-school, pp50-further-education, "
        "childminder, disadvantaged-early-years, local-authority-nursery, rise-school).",
    ),
    (
        "users create EMAIL --name N --role R [--provider P] [--partner D]",
        "Create a user; staff are asked for a password.",
    ),
    (
        "frameworks load|publish|diff|list|coverage",
        "Load a framework version from YAML, publish a draft, compare two versions, report coverage.",
    ),
    ("curriculum upload FILE --provider NAME", "Upload a provider's curriculum (YAML) and print its coverage."),
    ("participants merge FROM TO", "Merge duplicate participant FROM into TO; FROM's id is retired (410 in the API)."),
    ("tokens create --provider NAME", "Create a Lead Provider API token (shown once)."),
    ("sandbox seed --provider NAME", "Create test participants in every state (sandbox mode)."),
    ("statements advance [--today D]", "Make open payment statements payable once their deadline has passed."),
    ("surveys send [--limit N]", "Send the survey invitations and reminders that are due, at most N (default 100)."),
    ("openapi", "Print the Lead Provider API's OpenAPI document."),
    ("createsuperuser / shell / dbshell / makemigrations / ...", "Django's own management commands."),
]

ALIASES = {"load-reference": "load_reference", "import": "import_data"}


def usage() -> str:
    width = max(len(c) for c, _ in COMMANDS)
    lines = ["usage: npq COMMAND [ARGS]", "", "Run the NPQ Platform. Commands:", ""]
    lines += [f"  {c.ljust(width)}  {text}" for c, text in COMMANDS]
    lines += ["", "Each command has its own --help. The database is DATABASE_URL, or ./var/npq.sqlite3."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help", "help"):
        print(usage())
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "npq.settings")
    from django.core.management import execute_from_command_line

    args[0] = ALIASES.get(args[0], args[0])
    execute_from_command_line(["npq", *args])


if __name__ == "__main__":
    main()
