"""Lead Provider API (an extension to v3): a provider's own survey results, suppressed by the same rule
and from the same figures as the results page and its CSV (``npq.surveys.results``).

A provider sees the surveys it sent and those that asked its people, counting only its own people's
answers; written answers are never sent through the API (the owner reads them on the results page)."""

from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from npq.api.errors import BadRequest
from npq.api.paging import envelope, page_request
from npq.core.errors import NotFound
from npq.core.identifiers import contract_timestamp as _iso
from npq.core.identifiers import parse_id
from npq.core.suppression import MINIMUM
from npq.surveys import results
from npq.surveys.models import Survey

router = Router(tags=["Surveys (extension)"])


def _provider(request: HttpRequest) -> int:
    return int(request.auth.lead_provider.pk)  # type: ignore[attr-defined]


def survey_resource(s: Survey) -> dict[str, Any]:
    return {
        "id": str(s.pk),
        "type": "survey",
        "attributes": {
            "title": s.title,
            "sent_by": s.owner.name if s.owner else "Department for Education",
            "audience": s.get_audience_display(),
            "when_sent": s.get_trigger_display(),
            "questionnaire": s.questionnaire.key,
            "questionnaire_version": s.questionnaire.version,
            "module": s.module_title or None,
            "opens_at": _iso(s.opens_at),
            "closes_at": _iso(s.closes_at),
        },
    }


def _row(row: results.Row, options: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    """One published row: every figure null when suppressed, so nothing hidden can be read or subtracted."""
    if row.suppressed:
        return {"group": row.label, "suppressed": True, "respondents": None, "answers": None}
    return {
        "group": row.label,
        "suppressed": False,
        "respondents": row.respondents,
        "answers": [
            {"answer": words, "count": row.counts.get(value, 0), "percent": _number(row.percent(value))}
            for value, words in options
        ],
        "share_agreeing": _number(row.share_agreeing),
        "meets_target": row.meets_target,
        "mean": _number(row.mean),
    }


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _rate(rate: results.Rate) -> dict[str, Any]:
    if rate.suppressed:
        return {"group": rate.label, "suppressed": True, "invited": rate.invited, "responded": None, "percent": None}
    return {
        "group": rate.label,
        "suppressed": False,
        "invited": rate.invited,
        "responded": rate.responded,
        "percent": _number(rate.percent),
    }


@router.get("", summary="List your surveys (extension)")
def list_surveys(
    request: HttpRequest,
    page: str | None = Query(None, alias="page[page]"),
    per_page: str | None = Query(None, alias="page[per_page]"),
) -> HttpResponse:
    paging = page_request(page, per_page)
    surveys = results.provider_surveys(_provider(request)).order_by("id")
    return envelope([survey_resource(s) for s in paging.slice(surveys)])


@router.get("/{id}/results", summary="Retrieve your results for one survey, suppressed (extension)")
def survey_results(request: HttpRequest, id: str, by: str | None = Query(None, alias="filter[by]")) -> HttpResponse:
    provider = _provider(request)
    found = parse_id(id)
    survey = results.provider_surveys(provider).filter(pk=found).first() if found is not None else None
    if survey is None:
        raise NotFound(f"No survey {id}")
    if by not in (None, "", *results.DIMENSIONS):
        raise BadRequest(f"filter[by] must be one of {', '.join(results.DIMENSIONS)}")
    where = Q(lead_provider=provider)
    total, groups = results.response_rates([survey], by or None, where)
    questions = []
    for question in survey.questionnaire.questions.all():
        result = results.question_result([survey], question, by or None, where)
        options = () if question.kind == "text" else result.options
        questions.append(
            {
                "key": question.key,
                "text": question.text,
                "kind": question.kind,
                "target_percent": result.target,
                "all": _row(result.total, options),
                "groups": [_row(r, options) for r in result.rows],
            }
        )
    body = survey_resource(survey)
    body["attributes"] |= {
        "minimum_group_size": MINIMUM,
        "response_rate": _rate(total) | {"groups": [_rate(r) for r in groups]},
        "questions": questions,
    }
    return envelope(body)
