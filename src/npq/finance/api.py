"""Lead Provider API v3: the provider's own payment statements."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from npq.api.paging import envelope, page_request, since, years
from npq.core.errors import NotFound
from npq.core.identifiers import contract_timestamp as _iso
from npq.core.identifiers import parse_uuid
from npq.finance.models import Statement

router = Router(tags=["Statements"])


def statement_resource(s: Statement) -> dict[str, Any]:
    return {
        "id": str(s.ecf_id),
        "type": "statement",
        "attributes": {
            "month": s.month_name,
            "year": str(s.year),
            "cohort": str(s.cohort.start_year),
            "cut_off_date": s.deadline.isoformat(),
            "payment_date": s.payment_date.isoformat(),
            "paid": s.state == "paid",
            "created_at": _iso(s.created_at),
            "updated_at": _iso(s.updated_at),
        },
    }


def _statements(request: HttpRequest) -> Any:
    return Statement.objects.select_related("cohort").filter(lead_provider=request.auth.lead_provider)  # type: ignore[attr-defined]


@router.get("", summary="Retrieve financial statements")
def list_statements(
    request: HttpRequest,
    cohort: str | None = Query(None, alias="filter[cohort]"),
    updated_since: str | None = Query(None, alias="filter[updated_since]"),
    page: str | None = Query(None, alias="page[page]"),
    per_page: str | None = Query(None, alias="page[per_page]"),
) -> HttpResponse:
    paging = page_request(page, per_page)
    queryset = _statements(request)
    cohort_years = years(cohort)
    if cohort_years:
        queryset = queryset.filter(cohort__start_year__in=cohort_years)
    moment = since(updated_since, "updated_since")
    if moment:
        queryset = queryset.filter(updated_at__gte=moment)
    return envelope([statement_resource(s) for s in paging.slice(queryset.order_by("payment_date", "id"))])


@router.get("/{id}", summary="Retrieve a specific financial statement")
def show_statement(request: HttpRequest, id: str) -> HttpResponse:
    key = parse_uuid(id)
    if key is None:
        raise NotFound(f"No statement {id}")
    found = _statements(request).filter(ecf_id=key).first()
    if found is None:
        raise NotFound(f"No statement {id}")
    return envelope(statement_resource(found))
