"""Demo: accept a share of the demo registrations through the accept service (schedule assigned,
training status active); once declarations exist, defer and withdraw a few."""

from typing import Any

from npq.core.audit import Actor
from npq.core.errors import NPQError
from npq.registration.models import Application, ApprovalStatus
from npq.training import services

ACTOR = Actor.command("demo")
SHARE = (0, 1, 3)  # of every 5 demo registrations, by person number: about 60% are accepted


def _funded_place(app: Application) -> bool | None:
    return {"full": None, "zero": False}.get(app.cohort.funding, app.eligible_for_funding)


def _number(app: Application) -> int:
    digits = "".join(ch for ch in app.user.email.split("@")[0] if ch.isdigit())
    return int(digits or 0)


def create_demo(out: Any) -> None:
    pending = (
        Application.objects.filter(
            user__email__endswith="@school.example", lead_provider_approval_status=ApprovalStatus.PENDING
        )
        .select_related("user", "cohort", "course", "lead_provider")
        .order_by("user__email", "pk")
    )
    accepted = refused = 0
    for app in pending:
        if _number(app) % 5 not in SHARE:
            continue
        app.refresh_from_db(fields=["lead_provider_approval_status"])  # keeps the cohort read above
        if app.lead_provider_approval_status != ApprovalStatus.PENDING:
            continue  # rejected because a sibling was accepted just now
        try:
            services.accept_application(app, ACTOR, funded_place=_funded_place(app))
            accepted += 1
        except NPQError:
            refused += 1
    out.write(f"Training: accepted {accepted} demo applications ({refused} refused by the rules).\n")


def finish_demo(out: Any) -> None:
    """Defer and withdraw some accepted demo participants. The rules need declarations (defer: any,
    withdraw: started), so this runs after the declarations demo. Done once: a second run keeps them."""
    demo = Application.objects.filter(user__email__endswith="@school.example")
    if demo.filter(training_status__in=("deferred", "withdrawn")).exists():
        out.write("Training: demo deferrals and withdrawals already made.\n")
        return
    active = list(
        Application.objects.filter(user__email__endswith="@school.example", training_status="active").order_by(
            "user__email"
        )[:40]
    )
    deferred = withdrawn = 0
    for n, app in enumerate(active):
        try:
            if n % 8 == 0 and deferred < 3:
                services.defer_participant(app, ACTOR, "parental-leave")
                deferred += 1
            elif n % 8 == 4 and withdrawn < 3:
                services.withdraw_participant(app, ACTOR, "change-in-career")
                withdrawn += 1
        except NPQError:
            continue
    if deferred or withdrawn:
        out.write(f"Training: deferred {deferred} and withdrew {withdrawn} demo participants.\n")
    else:
        out.write("Training: no participant could be deferred or withdrawn (they need declarations).\n")
