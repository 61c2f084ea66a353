"""Finance pages: DfE statements (summary, courses, lines, adjustments, authorise, voided
declarations, moves) and each provider's own statements, plus the assurance CSV."""

from decimal import InvalidOperation
from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from npq.core.errors import NPQError
from npq.core.money import format_pounds, pence_from_pounds
from npq.core.pagination import page_of
from npq.core.permissions import provider_of, role_required
from npq.core.roles import Role
from npq.declarations.models import Declaration
from npq.finance import assurance, services
from npq.finance.models import LineKind, Statement, StatementState
from npq.reference.models import Cohort, LeadProvider


def _statements(request: HttpRequest) -> Any:
    queryset = Statement.objects.select_related("lead_provider", "cohort").order_by(
        "-payment_date", "lead_provider__name"
    )
    filters = {"lead_provider": "lead_provider_id", "cohort": "cohort__identifier", "state": "state"}
    for key, lookup in filters.items():
        value = request.GET.get(key, "").strip()
        if value and (key != "lead_provider" or value.isdigit()):
            queryset = queryset.filter(**{lookup: value})
    return queryset


@role_required(Role.DFE_ADMIN)
def statement_list(request: HttpRequest) -> HttpResponse:
    context = {
        "title": "Payment statements",
        "page": page_of(_statements(request), request.GET.get("page")),
        "providers": LeadProvider.objects.all(),
        "cohorts": Cohort.objects.all(),
        "states": StatementState.choices,
        "chosen": {k: request.GET.get(k, "") for k in ("lead_provider", "cohort", "state")},
        "pounds": format_pounds,
    }
    return render(request, "finance/statement_list.html", context)


@role_required(Role.LEAD_PROVIDER)
def provider_statement_list(request: HttpRequest) -> HttpResponse:
    queryset = Statement.objects.select_related("lead_provider", "cohort").filter(lead_provider=provider_of(request))
    context = {
        "title": "Your payment statements",
        "page": page_of(queryset.order_by("-payment_date", "cohort__start_year"), request.GET.get("page")),
        "provider_view": True,
        "pounds": format_pounds,
    }
    return render(request, "finance/statement_list.html", context)


def _statement_for(request: HttpRequest, ecf_id: Any) -> Statement:
    queryset = Statement.objects.select_related("lead_provider", "cohort", "authorised_by")
    if request.user.role != "dfe_admin":  # type: ignore[union-attr]
        queryset = queryset.filter(lead_provider=provider_of(request))
    return get_object_or_404(queryset, ecf_id=ecf_id)


def _context(
    request: HttpRequest, statement: Statement, errors: list[dict[str, str]] | None = None, **extra: Any
) -> dict[str, Any]:
    lines = statement.lines.select_related("course", "declaration__participant", "created_by").order_by(
        "created_at", "id"
    )
    voided = (
        Declaration.objects.filter(
            statement_lines__statement=statement, state__in=["voided", "awaiting-clawback", "clawed-back"]
        )
        .select_related("participant", "course")
        .distinct()
    )
    return {
        "title": str(statement),
        "statement": statement,
        "totals": services.totals(statement),
        "page": page_of(lines, request.GET.get("page"), per_page=100),
        "adjustments": lines.filter(kind=LineKind.ADJUSTMENT),
        "voided": voided[:200],
        "is_admin": request.user.role == "dfe_admin",  # type: ignore[union-attr]
        "open_statements": Statement.objects.filter(
            lead_provider=statement.lead_provider, cohort=statement.cohort, state=StatementState.OPEN
        ).exclude(pk=statement.pk),
        "pounds": format_pounds,
        "errors": errors or [],
        "form": request.POST if errors else {},
        **extra,
    }


@role_required(Role.DFE_ADMIN, Role.LEAD_PROVIDER)
def statement_detail(request: HttpRequest, ecf_id: Any) -> HttpResponse:
    statement = _statement_for(request, ecf_id)
    return render(request, "finance/statement_detail.html", _context(request, statement))


@role_required(Role.DFE_ADMIN, Role.LEAD_PROVIDER)
def assurance_csv(request: HttpRequest, ecf_id: Any) -> HttpResponse:
    statement = _statement_for(request, ecf_id)
    response = StreamingHttpResponse(assurance.stream(statement), content_type="text/csv; charset=utf-8")
    name = (
        f"assurance-{statement.lead_provider.name}-{statement.cohort.identifier}-{statement.year}-{statement.month:02d}"
    )
    response["Content-Disposition"] = f'attachment; filename="{name.replace(" ", "-").lower()}.csv"'
    return response  # type: ignore[return-value]  # a streamed CSV


def _failed(request: HttpRequest, statement: Statement, field: str, message: str) -> HttpResponse:
    errors = [{"text": message, "href": f"#{field}"}]
    return render(
        request, "finance/statement_detail.html", _context(request, statement, errors, field=field), status=400
    )


@require_POST
@role_required(Role.DFE_ADMIN)
def add_adjustment(request: HttpRequest, ecf_id: Any) -> HttpResponse:
    statement = _statement_for(request, ecf_id)
    raw = request.POST.get("amount", "").strip().replace("£", "").replace(",", "")
    try:
        amount = pence_from_pounds(raw)
    except (ValueError, InvalidOperation):
        return _failed(request, statement, "amount", "Enter the amount in pounds and pence, like 150.00 or -25.50")
    try:
        services.add_adjustment(request.user, statement, amount, request.POST.get("reason", ""))
    except NPQError as error:
        return _failed(request, statement, error.field or "amount", error.message)
    return redirect("finance:statement", ecf_id=statement.ecf_id)


@require_POST
@role_required(Role.DFE_ADMIN)
def authorise(request: HttpRequest, ecf_id: Any) -> HttpResponse:
    statement = _statement_for(request, ecf_id)
    if request.POST.get("confirm") != "yes":
        return _failed(request, statement, "confirm", "Confirm that the assurance checks are done")
    try:
        services.authorise_payment(request.user, statement)
    except NPQError as error:
        return _failed(request, statement, "confirm", error.message)
    return redirect("finance:statement", ecf_id=statement.ecf_id)


@require_POST
@role_required(Role.DFE_ADMIN)
def move_declaration(request: HttpRequest, ecf_id: Any) -> HttpResponse:
    statement = _statement_for(request, ecf_id)
    declaration = Declaration.objects.filter(
        ecf_id=_uuid_or_none(request.POST.get("declaration_id", "")), statement_lines__statement=statement
    ).first()
    if declaration is None:
        return _failed(request, statement, "declaration_id", "Enter the id of a declaration on this statement")
    target = Statement.objects.filter(ecf_id=_uuid_or_none(request.POST.get("to_statement", ""))).first()
    if target is None:
        return _failed(request, statement, "to_statement", "Select the statement to move the declaration to")
    try:
        services.move_declaration(request.user, declaration, target, request.POST.get("reason", ""))
    except NPQError as error:
        return _failed(
            request, statement, "move_reason" if error.field == "reason" else "declaration_id", error.message
        )
    return redirect("finance:statement", ecf_id=target.ecf_id)


def _uuid_or_none(value: str) -> Any:
    import uuid

    try:
        return uuid.UUID(value.strip())
    except ValueError:
        return None
