"""The workplace type-ahead's data: a small JSON search that the enhancement on the workplace
questions calls while the person types. The same search serves the form without JavaScript.

It is bounded rather than rate-limited: a query longer than ``MAX_QUERY_LENGTH`` is refused, one
shorter than ``MIN_QUERY_LENGTH`` (after normalising) returns nothing without touching the
database, and at most ``MAX_RESULTS`` workplaces come back. Schools and childcare providers are
public registers (GIAS, Ofsted), so anyone on the funding check may search them.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from npq.reference import search
from npq.reference.models import ChildcareProvider, School

MAX_RESULTS = 10
MAX_QUERY_LENGTH = 100
MIN_QUERY_LENGTH = 2
KINDS = ("school", "childcare")
# What an empty search says: what to type.
EMPTY_SEARCH = {
    "school": "Enter the name, town, postcode or URN of your workplace, like St Mary's or 100001",
    "childcare": "Enter the Ofsted URN, name, town or postcode of your setting, like EY123456",
}


def school_hint(school: School) -> str:
    place = ", ".join(p for p in (school.town, school.postcode) if p)
    return f"{place} – URN {school.urn}" if place else f"URN {school.urn}"


def childcare_hint(provider: ChildcareProvider) -> str:
    place = ", ".join(p for p in (provider.town, provider.postcode) if p) or provider.local_authority
    return f"{place} – Ofsted URN {provider.ofsted_urn}" if place else f"Ofsted URN {provider.ofsted_urn}"


def find(kind: str, query: str, limit: int) -> list[dict[str, Any]]:
    """The first ``limit`` open workplaces of one kind matching the query, as plain values."""
    if kind == "childcare":
        providers = search.childcare_providers(query).filter(is_active=True)[:limit]
        return [{"value": p.ofsted_urn, "name": p.display_name, "hint": childcare_hint(p)} for p in providers]
    schools = search.schools(query).filter(is_open=True)[:limit]
    return [{"value": s.urn, "name": s.name, "hint": school_hint(s)} for s in schools]


def _problem(detail: str) -> JsonResponse:
    return JsonResponse({"errors": [{"title": "Bad search", "detail": detail}]}, status=400)


@require_GET
def workplace_search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    kind = request.GET.get("kind", "school")
    if kind not in KINDS:
        return _problem(f"kind must be one of {', '.join(KINDS)}, not {kind[:20]!r}")
    if len(query) > MAX_QUERY_LENGTH:
        return _problem(f"Search for at most {MAX_QUERY_LENGTH} characters")
    query = query.strip()
    short = len(search.normalise(query).replace(" ", "")) < MIN_QUERY_LENGTH
    results = [] if short else find(kind, query, MAX_RESULTS)
    response = JsonResponse({"query": query, "kind": kind, "results": results})
    response["Cache-Control"] = "private, max-age=60"
    return response
