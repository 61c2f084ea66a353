"""Demo awards: every passed outcome the assessment demo made is awarded (head01 among them), and
one other award is revoked so that the verification page can show a revoked certificate."""

from typing import Any

from npq.awards import services
from npq.awards.models import Award
from npq.core.audit import Actor

REVOKED_REASON = "Awarded in error: the provider confirmed the wrong participant (demo)"


def create_demo(out: Any) -> None:
    actor = Actor.command("demo")
    made = services.award_passed_outcomes(actor)
    head = Award.objects.filter(participant__email="head01@pennine-heads.example").select_related("course").first()
    if head is None:
        out.write("Awards: head01@pennine-heads.example has no award (needs the assessment demo's passed outcome)")
    else:
        out.write(f"Awards: head01 holds {head.course.name}, certificate {head.display_number}")
    if not Award.objects.filter(revocation_reason=REVOKED_REASON).exists():
        other = (
            Award.objects.filter(revoked_at__isnull=True)
            .exclude(participant__email="head01@pennine-heads.example")
            .order_by("id")
            .first()
        )
        if other is not None:
            services.revoke_award(other.certificate_number, actor, REVOKED_REASON)
            out.write(f"Awards: certificate {other.display_number} revoked, to show a revoked check")
    out.write(f"Awards: {made} made now, {Award.objects.count()} in all; check them at /awards/verify")
