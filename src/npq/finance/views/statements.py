"""Finance pages: DfE statements (summary, courses, lines, adjustments, voided declarations) and
each provider's own statements, plus the assurance CSV. The controls' actions are in ``controls``."""

from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render

from npq.core import clock, labels
from npq.core.forms import Form
from npq.core.identifiers import parse_id
from npq.core.money import format_pounds
from npq.core.pagination import page_of
from npq.core.permissions import provider_of, role_required
from npq.core.roles import Role
from npq.declarations.models import Declaration
from npq.finance import assurance, payments, rules, services
from npq.finance.forms import AdjustmentForm, MoveDeclarationForm
from npq.finance.models import Contract, Statement
from npq.finance.rules import LineKind, StatementState
from npq.reference.models import Cohort, Course, LeadProvider

FILTERS = ("lead_provider", "cohort", "state", "period")
GROUPS_PER_PAGE = 10


def _statements(request: HttpRequest, queryset: Any) -> Any:
    lookups = {"lead_provider": "lead_provider_id", "cohort": "cohort__identifier", "state": "state"}
    for key, lookup in lookups.items():
        value = request.GET.get(key, "").strip()
        if value and (key != "lead_provider" or parse_id(value) is not None):
            queryset = queryset.filter(**{lookup: value})
    return queryset


@dataclass(frozen=True)
class StatementGroup:
    provider: LeadProvider
    cohort: Cohort
    courses: list[str]
    rows: list[tuple[Statement, rules.StatementPeriod]]


def _grouped(request: HttpRequest, queryset: Any) -> list[StatementGroup]:
    """Statements grouped by provider and cohort (with the courses their contracts cover), newest
    cohort first; in each group the current statement first, then earlier, then later ones."""
    today = clock.today()
    statements = list(_statements(request, queryset).select_related("lead_provider", "cohort"))
    groups: dict[tuple[int, int], list[Statement]] = {}
    for statement in statements:
        groups.setdefault((statement.lead_provider_id, statement.cohort_id), []).append(statement)
    courses: dict[tuple[int, int], list[str]] = {}
    contracts = Contract.objects.filter(
        lead_provider_id__in={p for p, _ in groups}, cohort_id__in={c for _, c in groups}
    ).order_by("course__position", "course__name")
    for provider_id, cohort_id, name in contracts.values_list("lead_provider_id", "cohort_id", "course__name"):
        courses.setdefault((provider_id, cohort_id), []).append(name)
    wanted = request.GET.get("period", "").strip()
    out = []
    for key, rows in groups.items():
        periods = rules.statement_periods({s.pk: s.deadline for s in rows}, today)
        ordered = sorted(rows, key=lambda s: rules.statement_order(periods[s.pk], s.deadline))
        shown = [(s, periods[s.pk]) for s in ordered if not wanted or periods[s.pk] == wanted]
        if shown:
            out.append(StatementGroup(rows[0].lead_provider, rows[0].cohort, courses.get(key, []), shown))
    out.sort(key=lambda g: g.provider.name)
    out.sort(key=lambda g: (g.cohort.start_year, g.cohort.suffix), reverse=True)  # newest cohort first
    out.sort(key=lambda g: g.rows[0][1] != rules.StatementPeriod.CURRENT)  # groups with a current statement first
    return out


def _list_context(request: HttpRequest, queryset: Any) -> dict[str, Any]:
    groups = _grouped(request, queryset)
    page = page_of(cast(Any, groups), request.GET.get("page"), per_page=GROUPS_PER_PAGE)
    chosen = {k: request.GET.get(k, "") for k in FILTERS}
    return {
        "page": page,
        "cohorts": Cohort.objects.filter(pk__in=queryset.values("cohort_id")),
        "states": labels.choices("statement_state", StatementState),
        "periods": labels.choices("statement_period", rules.StatementPeriod),
        "chosen": chosen,
        "query": urlencode({k: v for k, v in chosen.items() if v}),
        "pounds": format_pounds,
    }


DFE_FINANCE = (Role.DFE_ADMIN, Role.FINANCE_OFFICER, Role.FINANCE_APPROVER)


@role_required(*DFE_FINANCE)
def statement_list(request: HttpRequest) -> HttpResponse:
    context = _list_context(request, Statement.objects.all()) | {
        "title": "Payment statements",
        "providers": LeadProvider.objects.all(),
        "provider_view": False,
        "is_officer": request.user.role == Role.FINANCE_OFFICER,  # type: ignore[union-attr]
    }
    return render(request, "finance/statement_list.html", context)


@role_required(Role.LEAD_PROVIDER)
def provider_statement_list(request: HttpRequest) -> HttpResponse:
    queryset = Statement.objects.filter(lead_provider=provider_of(request))
    context = _list_context(request, queryset) | {"title": "Your payment statements", "provider_view": True}
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
        "course_names": {c.identifier: c.name for c in Course.objects.only("identifier", "name")},
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
