"""Finance pages: DfE statements (summary, courses, lines, adjustments, voided declarations) and
each provider's own statements, plus the assurance CSV. The controls' actions are in ``controls``."""

from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render

from npq.core import labels
from npq.core.forms import Form
from npq.core.identifiers import parse_id
from npq.core.money import format_pounds
from npq.core.pagination import page_of
from npq.core.permissions import provider_of, role_required
from npq.core.roles import Role
from npq.declarations.models import Declaration
from npq.finance import assurance, payments, services
from npq.finance.forms import AdjustmentForm, MoveDeclarationForm
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
        if value and (key != "lead_provider" or parse_id(value) is not None):
            queryset = queryset.filter(**{lookup: value})
    return queryset


DFE_FINANCE = (Role.DFE_ADMIN, Role.FINANCE_OFFICER, Role.FINANCE_APPROVER)


@role_required(*DFE_FINANCE)
def statement_list(request: HttpRequest) -> HttpResponse:
    context = {
        "title": "Payment statements",
        "page": page_of(_statements(request), request.GET.get("page")),
        "providers": LeadProvider.objects.all(),
        "cohorts": Cohort.objects.all(),
        "states": labels.choices("statement_state", StatementState),
        "chosen": {k: request.GET.get(k, "") for k in ("lead_provider", "cohort", "state")},
        "provider_view": False,
        "is_officer": request.user.role == Role.FINANCE_OFFICER,  # type: ignore[union-attr]
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


def statement_for(request: HttpRequest, ecf_id: Any) -> Statement:
    """The statement, if the person may see it: DfE staff see all, a provider only its own."""
    queryset = Statement.objects.select_related("lead_provider", "cohort", "authorised_by")
    if getattr(request.user, "role", None) not in DFE_FINANCE:
        queryset = queryset.filter(lead_provider=provider_of(request))
    return get_object_or_404(queryset, ecf_id=ecf_id)


def open_statements(statement: Statement) -> Any:
    return Statement.objects.filter(
        lead_provider=statement.lead_provider, cohort=statement.cohort, state=StatementState.OPEN
    ).exclude(pk=statement.pk)


def render_statement(request: HttpRequest, statement: Statement, failed: Form | None = None) -> HttpResponse:
    """The statement page, with the forms unbound unless one of them has just failed."""
    forms: dict[str, Form] = {
        "adjustment_form": AdjustmentForm(),
        "move_form": MoveDeclarationForm(statement=statement, targets=open_statements(statement)),
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
        "is_officer": request.user.role == Role.FINANCE_OFFICER,  # type: ignore[union-attr]
        "is_approver": request.user.role == Role.FINANCE_APPROVER,  # type: ignore[union-attr]
        "approvals": statement.approvals.select_related("approver"),
        "approvals_needed": payments.approvals_needed(statement),
        "reversed": set(
            lines.filter(kind=LineKind.ADJUSTMENT, reverses__isnull=False).values_list("reverses_id", flat=True)
        ),
        "open_statements": open_statements(statement),
        "pounds": format_pounds,
        "errors": failed.error_list() if failed is not None else [],
        **forms,
    }
    return render(request, "finance/statement_detail.html", context, status=400 if failed is not None else 200)


@role_required(*DFE_FINANCE, Role.LEAD_PROVIDER)
def statement_detail(request: HttpRequest, ecf_id: Any) -> HttpResponse:
    return render_statement(request, statement_for(request, ecf_id))


@role_required(*DFE_FINANCE, Role.LEAD_PROVIDER)
def assurance_csv(request: HttpRequest, ecf_id: Any) -> HttpResponse:
    statement = statement_for(request, ecf_id)
    response = StreamingHttpResponse(assurance.stream(statement), content_type="text/csv; charset=utf-8")
    name = (
        f"assurance-{statement.lead_provider.name}-{statement.cohort.identifier}-{statement.year}-{statement.month:02d}"
    )
    response["Content-Disposition"] = f'attachment; filename="{name.replace(" ", "-").lower()}.csv"'
    return response  # type: ignore[return-value]  # a streamed CSV
