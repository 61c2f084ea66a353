"""Curriculum upload and coverage for lead providers: a ninja Router for the Lead Provider API.

Mounted by the API app (``npq.web.v3.ROUTERS``) at ``/curricula``. ``request.auth`` is the
caller's API token; ``request.auth.lead_provider`` scopes every query, so another provider's
curriculum answers 404.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from npq.core.audit import Actor
from npq.core.errors import NotFound
from npq.frameworks import queries, rules, services
from npq.frameworks.models import Curriculum
from npq.frameworks.schemas import CoverageOut, CurriculaOut, CurriculumData, CurriculumIn, CurriculumOut, Problems

router = Router(tags=["Curricula (NPQ Platform addition)"])


def _scoped(request: HttpRequest) -> Any:
    provider = request.auth.lead_provider  # type: ignore[attr-defined]
    rows = Curriculum.objects.filter(lead_provider=provider)
    return rows.select_related("lead_provider", "framework", "qualification")


def _one(request: HttpRequest, curriculum_id: int) -> Curriculum:
    cur: Curriculum | None = _scoped(request).filter(pk=curriculum_id).first()
    if cur is None:
        raise NotFound(f"No curriculum {curriculum_id}")
    return cur


def _data(cur: Curriculum, report: rules.Coverage) -> CurriculumData:
    return CurriculumData.model_validate(
        {
            "id": str(cur.pk),
            "attributes": {
                "lead_provider": cur.lead_provider.name,
                "framework": cur.framework.key,
                "version": cur.framework.version,
                "qualification": cur.qualification.code,
                "name": cur.name,
                "revision": cur.revision,
                "uploaded_at": cur.uploaded_at.isoformat(),
                "statements_covered": report.covered,
                "statements_total": report.total,
                "coverage_percent": int(report.percent),
                "sequencing_problems": [p.describe() for p in report.sequencing],
            },
        }
    )


@router.post("", response={201: CurriculumOut, 422: Problems}, summary="Upload a curriculum mapping")
def upload_curriculum(request: HttpRequest, body: CurriculumIn) -> Status:
    token = request.auth  # type: ignore[attr-defined]
    try:
        cur = services.upload_curriculum(
            token.lead_provider, body.data.attributes.model_dump(), "api", Actor.provider_token(token), via="api"
        )
    except services.FileRejected as exc:
        return Status(422, {"errors": [{"title": p.field, "detail": p.message} for p in exc.problems]})
    return Status(201, {"data": _data(cur, queries.coverage_of(cur))})


@router.get("", response=CurriculaOut, summary="Your curricula (latest revision of each)")
def list_curricula(request: HttpRequest) -> dict[str, Any]:
    curricula = queries.latest_curricula(_scoped(request))
    reports = queries.coverages_of(curricula)  # a fixed number of queries for all of them
    return {"data": [_data(cur, _report(reports[cur.pk])) for cur in curricula]}


def _report(report: rules.Coverage | rules.ForeignStatement) -> rules.Coverage:
    if isinstance(report, rules.ForeignStatement):
        raise report  # uploads are checked against the version, so this is a bug, not the caller's error
    return report


@router.get("/{curriculum_id}/coverage", response=CoverageOut, summary="Coverage of one curriculum")
def curriculum_coverage(request: HttpRequest, curriculum_id: int) -> dict[str, Any]:
    cur = _one(request, curriculum_id)
    report = queries.coverage_of(cur)
    statements = [
        {
            "statement_id": row.statement.sid,
            "kind": row.statement.kind,
            "content_area": area.name,
            "covered": row.covered,
            "taught_in": [f"{p.sequence}. {p.module} / {p.session} ({p.mode})" for p in row.taught_in],
        }
        for area in report.areas
        for row in area.statements
    ]
    return {"data": _data(cur, report), "statements": statements}
