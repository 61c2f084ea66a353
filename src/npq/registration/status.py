"""Where a registration has got to, and what happens next, for the participant's status page."""

from dataclasses import dataclass

from npq.registration.models import Application, ApprovalStatus


@dataclass(frozen=True)
class Stage:
    name: str
    done: bool
    detail: str


def stages_for(app: Application) -> list[Stage]:
    status = app.lead_provider_approval_status
    accepted = status == ApprovalStatus.ACCEPTED
    if app.withdrawn_at:
        moved = f" to {app.replaced_by.lead_provider.name}" if app.replaced_by else ""
        return [
            Stage("Registered", True, f"You registered on {app.created_at:%-d %B %Y}."),
            Stage(
                "Moved to another provider",
                True,
                f"You moved this registration{moved} on {app.withdrawn_at:%-d %B %Y}.",
            ),
        ]
    started = (
        accepted
        and app.declarations.filter(
            declaration_type="started", state__in=["submitted", "eligible", "payable", "paid"]
        ).exists()
    )
    outcome = None
    if accepted:
        from django.apps import apps

        outcome_model = apps.get_model("declarations", "ParticipantOutcome")
        outcome = outcome_model.objects.filter(declaration__application=app).order_by("-created_at", "-id").first()
    funded = app.funded_place if app.funded_place is not None else app.eligible_for_funding
    decision = {
        ApprovalStatus.PENDING: (
            False,
            f"{app.lead_provider.name} will contact you and decide on your application. "
            "Most providers decide within 4 weeks.",
        ),
        ApprovalStatus.ACCEPTED: (
            True,
            f"{app.lead_provider.name} accepted your application"
            + (f" on {app.accepted_at:%-d %B %Y}." if app.accepted_at else "."),
        ),
        ApprovalStatus.REJECTED: (
            True,
            f"{app.lead_provider.name} did not accept your application. You can register again with another provider.",
        ),
    }[ApprovalStatus(status)]
    return [
        Stage("Registered", True, f"You registered on {app.created_at:%-d %B %Y}."),
        Stage("Application with provider", True, f"{app.lead_provider.name} can see your application."),
        Stage("Accepted" if status != ApprovalStatus.REJECTED else "Not accepted", decision[0], decision[1]),
        Stage(
            "Funded place",
            accepted and bool(funded),
            ("You have a funded place." if funded else "Your place is not funded by the Department.")
            if accepted
            else "Funding is confirmed when your provider accepts you.",
        ),
        Stage(
            "Started",
            started,
            "Your provider has told us you started." if started else "Your provider tells us when your course starts.",
        ),
        Stage(
            "Outcome",
            outcome is not None,
            f"Your result: {outcome.state}."
            if outcome
            else "Your provider records your result when you finish the assessment.",
        ),
    ]
