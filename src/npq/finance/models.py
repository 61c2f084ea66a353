"""Contracts, statements and their ledger lines. Amounts are integer pence.

A statement's lines are appended while it is open and never changed afterwards: a correction is
a new line (a reversal, a clawback or an adjustment) on an open statement.
"""

import calendar
import uuid
from typing import Any

from django.conf import settings
from django.db import models

from npq.core import labels
from npq.core.errors import Conflict
from npq.declarations.models import Declaration
from npq.finance import rules
from npq.finance.rules import LineKind, StatementState
from npq.reference.models import Cohort, Course, LeadProvider


class ContractTerms(models.Model):
    """The price and shares a contract pays. Immutable once a payable or paid statement uses them:
    a price change makes new terms and re-points the contract."""

    per_participant = models.PositiveIntegerField(help_text="pence")
    recruitment_target = models.PositiveIntegerField()
    output_percent = models.PositiveSmallIntegerField()
    service_fee_percent = models.PositiveSmallIntegerField()
    payment_periods = models.PositiveSmallIntegerField()
    service_fee_instalments = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(output_percent__lte=100) & models.Q(service_fee_percent__lte=100),
                name="terms_percent_range",
            ),
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk and self.is_locked():
            raise Conflict(f"Contract terms {self.pk} are used by a payable or paid statement and cannot change")
        super().save(*args, **kwargs)

    @property
    def output_payment(self) -> int:
        return rules.calculate_output_payment(self.per_participant, self.output_percent, self.payment_periods)

    @property
    def monthly_service_fee(self) -> int:
        return rules.calculate_monthly_service_fee(
            self.per_participant, self.recruitment_target, self.service_fee_percent, self.service_fee_instalments
        )

    def is_locked(self) -> bool:
        return self.lines.exclude(statement__state=rules.StatementState.OPEN).exists()


class Contract(models.Model):
    """What the Department pays one lead provider for one course in one cohort."""

    lead_provider = models.ForeignKey(LeadProvider, on_delete=models.PROTECT, related_name="contracts")
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="contracts")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="contracts")
    terms = models.ForeignKey(ContractTerms, on_delete=models.PROTECT, related_name="contracts")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["lead_provider", "cohort", "course"], name="contract_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.lead_provider} {self.course.short_code} {self.cohort.identifier}"


class Statement(models.Model):
    """One month's payment to one lead provider for one cohort."""

    ecf_id = models.UUIDField(unique=True, default=uuid.uuid4)
    lead_provider = models.ForeignKey(LeadProvider, on_delete=models.PROTECT, related_name="statements")
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="statements")
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    deadline = models.DateField()
    payment_date = models.DateField()
    state = models.CharField(
        max_length=10, choices=labels.choices("statement_state", StatementState), default=StatementState.OPEN
    )
    marked_as_paid_at = models.DateTimeField(null=True, blank=True)
    authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["payment_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["lead_provider", "cohort", "year", "month"], name="statement_unique"),
            models.CheckConstraint(
                condition=models.Q(payment_date__gte=models.F("deadline")), name="paid_after_deadline"
            ),
            models.CheckConstraint(condition=models.Q(month__gte=1, month__lte=12), name="statement_month_range"),
        ]
        indexes = [models.Index(fields=["lead_provider", "cohort", "state", "deadline"], name="statement_next_open")]

    def __str__(self) -> str:
        return f"{self.lead_provider} {self.cohort.identifier} statement {self.month_name} {self.year}"

    @property
    def month_name(self) -> str:
        return calendar.month_name[self.month]


class StatementApproval(models.Model):
    """One finance approver's approval of a payable statement. A statement with an adjustment above
    the limit needs two, from different people; appended, never edited."""

    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="approvals")
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField()

    class Meta:
        ordering = ["approved_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "approver"], name="one_approval_per_approver"),
        ]


class StatementLine(models.Model):
    """One amount on a statement. Appended only while the statement is open; never edited."""

    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="lines")
    kind = models.CharField(max_length=12, choices=labels.choices("line_kind", LineKind))
    amount = models.BigIntegerField(help_text="pence; negative for reversals and clawbacks")
    course = models.ForeignKey(Course, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    declaration = models.ForeignKey(
        Declaration, null=True, blank=True, on_delete=models.PROTECT, related_name="statement_lines"
    )
    declaration_type = models.CharField(max_length=12, blank=True)
    terms = models.ForeignKey(ContractTerms, null=True, blank=True, on_delete=models.PROTECT, related_name="lines")
    reverses = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by")
    reason = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="adjustment") | (~models.Q(reason="") & ~models.Q(amount=0)),
                name="adjustment_has_reason_and_amount",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind__in=["clawback", "reversal"]) | models.Q(amount__lte=0),
                name="clawback_is_negative",
            ),
            # One clawback per paid output line: a second void cannot claw back twice.
            models.UniqueConstraint(
                fields=["reverses"], condition=models.Q(reverses__isnull=False), name="one_reversal_per_line"
            ),
        ]
        indexes = [models.Index(fields=["statement", "kind"], name="line_statement_kind")]

    def save(self, *args: Any, statement_claimed: bool = False, **kwargs: Any) -> None:
        """``statement_claimed``: the caller read the statement under a share lock in this transaction
        (``ledger.claim_open_statement``), so its state in memory is current and is not read again."""
        if self.pk:
            raise Conflict(f"Statement line {self.pk} cannot be edited; add a correcting line instead")
        self.check_statement_open(statement_claimed=statement_claimed)
        super().save(*args, **kwargs)

    def check_statement_open(self, *, statement_claimed: bool = False) -> None:
        """Lines are added to open statements only (also checked by bulk inserts, which skip ``save``)."""
        if statement_claimed:
            state = self.statement.state
        else:
            state = Statement.objects.values_list("state", flat=True).get(pk=self.statement_id)
        if state != StatementState.OPEN:
            raise Conflict(f"Statement {self.statement_id} is {state}; lines can only be added to open statements")

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise Conflict(f"Statement line {self.pk} cannot be deleted; add a correcting line instead")
