"""Finance pages: DfE statements (summary, courses, lines, adjustments, authorise, voided
declarations, moves) and each provider's own statements, plus the assurance CSV."""

from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from npq.core import labels
from npq.core.errors import NPQError
from npq.core.forms import Form, bind
from npq.core.money import format_pounds
from npq.core.pagination import page_of
from npq.core.permissions import provider_of, role_required
from npq.core.roles import Role
from npq.declarations.models import Declaration
from npq.finance import assurance, services
from npq.finance.forms import AdjustmentForm, AuthoriseForm, MoveDeclarationForm
from npq.finance.models import Statement
from npq.finance.rules import LineKind, StatementState
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
        "states": labels.choices("statement_state", StatementState),
        "chosen": {k: request.GET.get(k, "") for k in ("lead_provider", "cohort", "state")},
        "provider_view": False,
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
    if request.user.role != Role.DFE_ADMIN:  # type: ignore[union-attr]
        queryset = queryset.filter(lead_provider=provider_of(request))
    return get_object_or_404(queryset, ecf_id=ecf_id)


def _open_statements(statement: Statement) -> Any:
    return Statement.objects.filter(
        lead_provider=statement.lead_provider, cohort=statement.cohort, state=StatementState.OPEN
    ).exclude(pk=statement.pk)


def _render(request: HttpRequest, statement: Statement, failed: Form | None = None) -> HttpResponse:
    """The statement page, with the forms unbound unless one of them has just failed."""
    forms: dict[str, Form] = {
        "adjustment_form": AdjustmentForm(),
        "authorise_form": AuthoriseForm(),
        "move_form": MoveDeclarationForm(statement=statement, targets=_open_statements(statement)),
    }
    for key, form in forms.items():
        if failed is not None and type(form) is type(failed):
            forms[key] = failed
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
    context = {
        "title": str(statement),
        "statement": statement,
        "totals": services.totals(statement),
        "page": page_of(lines, request.GET.get("page"), per_page=100),
        "adjustments": lines.filter(kind=LineKind.ADJUSTMENT),
        "voided": voided[:200],
        "is_admin": request.user.role == Role.DFE_ADMIN,  # type: ignore[union-attr]
        "open_statements": _open_statements(statement),
        "pounds": format_pounds,
        "errors": failed.error_list() if failed is not None else [],
        **forms,
    }
    return render(request, "finance/statement_detail.html", context, status=400 if failed is not None else 200)


@role_required(Role.DFE_ADMIN, Role.LEAD_PROVIDER)
def statement_detail(request: HttpRequest, ecf_id: Any) -> HttpResponse:
    return _render(request, _statement_for(request, ecf_id))


@role_required(Role.DFE_ADMIN, Role.LEAD_PROVIDER)
def assurance_csv(request: HttpRequest, ecf_id: Any) -> HttpResponse:
    statement = _statement_for(request, ecf_id)
    response = StreamingHttpResponse(assurance.stream(statement), content_type="text/csv; charset=utf-8")
    name = (
        f"assurance-{statement.lead_provider.name}-{statement.cohort.identifier}-{statement.year}-{statement.month:02d}"
    )
    response["Content-Disposition"] = f'attachment; filename="{name.replace(" ", "-").lower()}.csv"'
    return response  # type: ignore[return-value]  # a streamed CSV


@require_POST
@role_required(Role.DFE_ADMIN)
def add_adjustment(request: HttpRequest, ecf_id: Any) -> HttpResponse:
    statement = _statement_for(request, ecf_id)
    form = bind(AdjustmentForm, request)
    if form.is_valid():
        try:
            services.add_adjustment(request.user, statement, form.cleaned_data["amount"], form.cleaned_data["reason"])
        except NPQError as error:
            form.add_service_error(error)
        else:
            return redirect("finance:statement", ecf_id=statement.ecf_id)
    return _render(request, statement, form)


@require_POST
@role_required(Role.DFE_ADMIN)
def authorise(request: HttpRequest, ecf_id: Any) -> HttpResponse:
    statement = _statement_for(request, ecf_id)
    form = bind(AuthoriseForm, request)
    if form.is_valid():
        try:
            services.authorise_payment(request.user, statement)
        except NPQError as error:
            form.add_error("confirm", error.message)
        else:
            return redirect("finance:statement", ecf_id=statement.ecf_id)
    return _render(request, statement, form)


@require_POST
@role_required(Role.DFE_ADMIN)
def move_declaration(request: HttpRequest, ecf_id: Any) -> HttpResponse:
    statement = _statement_for(request, ecf_id)
    form = bind(MoveDeclarationForm, request, statement=statement, targets=_open_statements(statement))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.move_declaration(request.user, data["declaration_id"], data["to_statement"], data["reason"])
        except NPQError as error:
            form.add_error("reason" if error.field == "reason" else "declaration_id", error.message)
        else:
            return redirect("finance:statement", ecf_id=data["to_statement"].ecf_id)
    return _render(request, statement, form)
