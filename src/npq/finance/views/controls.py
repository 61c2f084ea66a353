"""The finance controls on the web: a finance officer adjusts (with a check page), reverses an
adjustment, moves a declaration, advances statements and marks authorised statements paid; a
finance approver authorises. Each irreversible step is confirmed first and reported after."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from npq.core import clock
from npq.core.audit import Actor
from npq.core.errors import NPQError
from npq.core.forms import bind
from npq.core.money import format_pounds
from npq.core.permissions import role_required
from npq.core.roles import Role
from npq.finance import payments, services
from npq.finance.forms import AdjustmentForm, AuthoriseForm, ConfirmForm, MoveDeclarationForm, ReverseAdjustmentForm
from npq.finance.models import Statement, StatementLine
from npq.finance.rules import LineKind, StatementState
from npq.finance.views.statements import open_statements, render_statement, statement_for


def _back(statement: Statement) -> HttpResponse:
    return redirect("finance:statement", ecf_id=statement.ecf_id)


@require_POST
@role_required(Role.FINANCE_OFFICER)
def add_adjustment(request: HttpRequest, ecf_id: Any) -> HttpResponse:
    """Step 1 posts the amount and reason and shows the check page; step 2 (``confirm``) saves."""
    statement = statement_for(request, ecf_id)
    form = bind(AdjustmentForm, request)
    confirm = bind(ConfirmForm, request)
    if form.is_valid():
        amount = form.cleaned_data["amount"]
        if not confirm.is_valid():
            context = {
                "title": "Check the adjustment before adding it",
                "statement": statement,
                "amount": amount,
                "raw_amount": form.data["amount"],
                "reason": form.cleaned_data["reason"],
                "over_limit": abs(amount) > payments.limit(),
                "limit": payments.limit(),
                "pounds": format_pounds,
            }
            return render(request, "finance/adjustment_check.html", context)
        try:
            payments.add_adjustment(request.user, statement, amount, form.cleaned_data["reason"])  # type: ignore[arg-type]
        except NPQError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"Adjustment of {format_pounds(amount)} added to the statement")
            return _back(statement)
    return render_statement(request, statement, form)


@require_http_methods(["GET", "POST"])
@role_required(Role.FINANCE_OFFICER)
def reverse_adjustment(request: HttpRequest, ecf_id: Any, line_id: int) -> HttpResponse:
    statement = statement_for(request, ecf_id)
    line = get_object_or_404(StatementLine, pk=line_id, statement=statement, kind=LineKind.ADJUSTMENT)
    form = bind(ReverseAdjustmentForm, request)
    if request.method == "POST" and form.is_valid():
        try:
            payments.reverse_adjustment(request.user, line, form.cleaned_data["reason"])  # type: ignore[arg-type]
        except NPQError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Adjustment reversed: {format_pounds(-line.amount)} added to the statement")
            return _back(statement)
    context = {
        "title": "Reverse this adjustment",
        "statement": statement,
        "line": line,
        "form": form,
        "pounds": format_pounds,
        "errors": form.error_list(),
    }
    return render(request, "finance/adjustment_reverse.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@role_required(Role.FINANCE_APPROVER)
def authorise(request: HttpRequest, ecf_id: Any) -> HttpResponse:
    statement = statement_for(request, ecf_id)
    form = bind(AuthoriseForm, request)
    if request.method == "POST" and form.is_valid():
        try:
            statement = payments.authorise_payment(request.user, statement)  # type: ignore[arg-type]
        except NPQError as error:
            form.add_error("confirm", error.message)
        else:
            if statement.state == StatementState.AUTHORISED:
                messages.success(request, "Statement authorised for payment")
            else:
                messages.success(request, "Your approval is recorded; a second approver must now authorise it")
            return _back(statement)
    context = {
        "title": "Authorise this statement for payment",
        "statement": statement,
        "form": form,
        "total": services.totals(statement).total,
        "approvals": statement.approvals.select_related("approver"),
        "needed": payments.approvals_needed(statement),
        "pounds": format_pounds,
        "errors": form.error_list(),
    }
    return render(request, "finance/authorise.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@role_required(Role.FINANCE_OFFICER, Role.FINANCE_APPROVER)
def mark_paid(request: HttpRequest, ecf_id: Any) -> HttpResponse:
    statement = statement_for(request, ecf_id)
    form = bind(ConfirmForm, request)
    if request.method == "POST" and form.is_valid():
        try:
            payments.mark_paid(request.user, statement)  # type: ignore[arg-type]
        except NPQError as error:
            form.add_error("confirm", error.message)
        else:
            messages.success(request, "Statement marked paid; its declarations are now paid")
            return _back(statement)
    context = {
        "title": "Mark this statement paid",
        "statement": statement,
        "form": form,
        "total": services.totals(statement).total,
        "early": clock.today() < statement.payment_date,
        "pounds": format_pounds,
        "errors": form.error_list(),
    }
    return render(request, "finance/mark_paid.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@role_required(Role.FINANCE_OFFICER)
def advance(request: HttpRequest) -> HttpResponse:
    """Make every open statement whose deadline has passed payable, as ``npq statements advance`` does."""
    form = bind(ConfirmForm, request)
    if request.method == "POST" and form.is_valid():
        done = services.advance_statements(Actor.person(request.user))
        messages.success(request, f"{len(done)} statements made payable")
        return redirect("finance:statements")
    due = Statement.objects.filter(state=StatementState.OPEN, deadline__lt=clock.today()).select_related(
        "lead_provider", "cohort"
    )
    context = {"title": "Make due statements payable", "due": due[:200], "count": due.count(), "form": form}
    context["errors"] = form.error_list()
    return render(request, "finance/advance.html", context, status=400 if form.errors else 200)


@require_POST
@role_required(Role.FINANCE_OFFICER)
def move_declaration(request: HttpRequest, ecf_id: Any) -> HttpResponse:
    statement = statement_for(request, ecf_id)
    form = bind(MoveDeclarationForm, request, statement=statement, targets=open_statements(statement))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.move_declaration(request.user, data["declaration_id"], data["to_statement"], data["reason"])  # type: ignore[arg-type]
        except NPQError as error:
            form.add_error("reason" if error.field == "reason" else "declaration_id", error.message)
        else:
            messages.success(request, f"Declaration {data['declaration_id'].ecf_id} moved to this statement")
            return redirect("finance:statement", ecf_id=data["to_statement"].ecf_id)
    return render_statement(request, statement, form)
