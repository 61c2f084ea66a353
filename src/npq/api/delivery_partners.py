"""/api/v3/delivery-partners: the caller's delivery partners (list, and show as an addition)."""

from collections import defaultdict
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from npq.api import paging
from npq.api.schemas import DeliveryPartnerResponse, DeliveryPartnersResponse, Error, Errors
from npq.api.scoping import ProviderScope, iso, scope_of
from npq.reference.models import DeliveryPartner, DeliveryPartnership

router = Router(tags=["Delivery Partners"])
SORTS = {"name": "name", "created_at": "created_at", "updated_at": "updated_at"}


def delivery_partner(partner: DeliveryPartner, cohorts: list[str]) -> dict[str, Any]:
    return {
        "id": str(partner.ecf_id),
        "type": "delivery-partner",
        "attributes": {
            "name": partner.name,
            "cohort": cohorts,
            "created_at": iso(partner.created_at),
            "updated_at": iso(partner.updated_at),
        },
    }


def _cohorts(scope: ProviderScope, partners: list[DeliveryPartner]) -> dict[int, list[str]]:
    found: dict[int, set[int]] = defaultdict(set)
    rows = DeliveryPartnership.objects.filter(lead_provider=scope.provider, delivery_partner__in=partners)
    for partner_id, year in rows.values_list("delivery_partner_id", "cohort__start_year"):
        found[partner_id].add(year)
    return {k: [str(y) for y in sorted(v)] for k, v in found.items()}


@router.get(
    "", response={200: DeliveryPartnersResponse, 400: Errors, 401: Error}, summary="Retrieve multiple Delivery Partners"
)
def list_delivery_partners(
    request: HttpRequest,
    cohort: str | None = Query(None, alias="filter[cohort]", description="A cohort year"),
    page: str | None = Query(None, alias="page[page]"),
    per_page: str | None = Query(None, alias="page[per_page]"),
    sort: str | None = Query(None, description="name (default), created_at, updated_at; '-' for descending"),
) -> HttpResponse:
    scope = scope_of(request)
    paged = paging.page_request(page, per_page)
    qs = scope.delivery_partners()
    years = paging.years(cohort)
    if years:
        qs = qs.filter(
            partnerships__lead_provider=scope.provider, partnerships__cohort__start_year__in=years
        ).distinct()
    rows = paged.slice(qs.order_by(*paging.order_by(sort, SORTS, ["name"])))
    cohorts = _cohorts(scope, rows)
    return paging.envelope([delivery_partner(p, cohorts.get(p.pk, [])) for p in rows])


@router.get(
    "/{id}", response={200: DeliveryPartnerResponse, 401: Error, 404: Error}, summary="Retrieve one Delivery Partner"
)
def show_delivery_partner(request: HttpRequest, id: str) -> HttpResponse:
    scope = scope_of(request)
    partner = scope.delivery_partner(id)
    return paging.envelope(delivery_partner(partner, _cohorts(scope, [partner]).get(partner.pk, [])))
