"""Where a registration has got to, and what happens next, for the participant's status page.
The funding stage and the one-word status come from the table of cases in ``rules.progress``."""

from dataclasses import dataclass

from django.apps import apps

from npq.core import labels
from npq.registration.models import Application, ApprovalStatus
from npq.registration.rules import progress
from npq.registration.rules.funding import EXPLANATIONS, Code


@dataclass(frozen=True)
class Stage:
    name: str
    done: bool
    detail: str
    mark: str = ""

    @property
    def tag(self) -> str:
        return labels.label("stage_mark", self.mark or ("done" if self.done else "not_yet"))


def _outcome_state(app: Application) -> str:
    if app.lead_provider_approval_status != ApprovalStatus.ACCEPTED:
        return ""
    outcome_model = apps.get_model("declarations", "ParticipantOutcome")
    outcome = outcome_model.objects.filter(declaration__application=app).order_by("-created_at", "-id").first()
    return str(outcome.state) if outcome else ""


def status_key(app: Application, outcome: str | None = None) -> str:
    moved = bool(app.withdrawn_at and app.replaced_by_id)
    withdrawn = bool(app.withdrawn_at and not app.replaced_by_id)
    return progress.registration_status(
        app.lead_provider_approval_status,
        moved,
        withdrawn,
        app.training_status or "",
        _outcome_state(app) if outcome is None else outcome,
    )


def status_label(app: Application) -> str:
    return labels.label("registration_status", status_key(app))


def funding_stage(app: Application) -> Stage:
    tag, statement = progress.funding_case(
        app.lead_provider_approval_status, app.funding_eligibility_status_code, app.funded_place
    )
    code = app.funding_eligibility_status_code
    reason = EXPLANATIONS[Code(code)] if code in set(Code) else ""
    text = labels.label("funding_statement", statement).format(provider=app.lead_provider.name, reason=reason)
    return Stage(labels.label("registration_stage", "funding"), tag == "funded", text.strip(), tag)


def stages_for(app: Application) -> list[Stage]:
    name = labels.label("registration_stage", "registered")
    registered = Stage(name, True, f"You registered on {app.created_at:%-d %B %Y}.")
    if app.withdrawn_at and app.replaced_by_id:
        moved = f" to {app.replaced_by.lead_provider.name}" if app.replaced_by else ""
        return [
            registered,
            Stage(
                labels.label("registration_status", "moved"),
                True,
                f"You moved this registration{moved} on {app.withdrawn_at:%-d %B %Y}.",
            ),
        ]
    if app.withdrawn_at:
        return [
            registered,
            Stage(
                labels.label("registration_status", "withdrawn"),
                True,
                f"You withdrew this registration on {app.withdrawn_at:%-d %B %Y}. You can register again.",
            ),
        ]
    status = app.lead_provider_approval_status
    accepted = status == ApprovalStatus.ACCEPTED
    started = (
        accepted
        and app.declarations.filter(
            declaration_type="started", state__in=["submitted", "eligible", "payable", "paid"]
        ).exists()
    )
    outcome = _outcome_state(app)
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
    stage_name = "not_accepted" if status == ApprovalStatus.REJECTED else "accepted"
    outcome_name = {"passed": "passed", "failed": "not_passed"}.get(outcome, "outcome")
    return [
        registered,
        Stage(
            labels.label("registration_stage", "with_provider"),
            True,
            f"{app.lead_provider.name} can see your application.",
        ),
        Stage(labels.label("registration_stage", stage_name), decision[0], decision[1]),
        funding_stage(app),
        Stage(
            labels.label("registration_stage", "started"),
            started,
            "Your provider has told us you started." if started else "Your provider tells us when your course starts.",
        ),
        Stage(
            labels.label("registration_stage", outcome_name),
            bool(outcome),
            f"Your result: {labels.label('outcome_state', outcome)}."
            if outcome
            else "Your provider records your result when you finish the assessment.",
        ),
    ]
