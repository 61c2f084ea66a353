"""Forms on a DfE statement: adjustments and their reversal, authorising payment, confirming, moving."""

import uuid
from decimal import InvalidOperation
from typing import Any, ClassVar

from django import forms

from npq.core.forms import Form, ModelChoice
from npq.core.money import pence_from_pounds
from npq.declarations.models import Declaration
from npq.finance.models import Statement

AMOUNT_FORMAT = "Enter the amount in pounds and pence, like 150.00 or -25.50"


class AdjustmentForm(Form):
    amount = forms.CharField(error_messages={"required": AMOUNT_FORMAT})
    reason = forms.CharField(error_messages={"required": "Enter the reason for the adjustment"})

    def clean_amount(self) -> int:
        raw = self.cleaned_data["amount"].replace("£", "").replace(",", "")
        try:
            return pence_from_pounds(raw)
        except (ValueError, InvalidOperation) as error:
            raise forms.ValidationError(AMOUNT_FORMAT) from error


class AuthoriseForm(Form):
    confirm = forms.ChoiceField(
        choices=[("yes", "I confirm the assurance checks on this statement are complete")],
        error_messages={
            "required": "Confirm that the assurance checks are done",
            "invalid_choice": "Confirm that the assurance checks are done",
        },
    )


class ConfirmForm(Form):
    """The second step of an irreversible action: the person has read what will happen."""

    confirm = forms.ChoiceField(
        choices=[("yes", "Yes")],
        error_messages={"required": "Confirm that you want to go ahead", "invalid_choice": "Confirm"},
    )


class ReverseAdjustmentForm(Form):
    reason = forms.CharField(required=False, max_length=300)


class MoveDeclarationForm(Form):
    """Which declaration on ``statement`` moves to which other open statement, and why."""

    ids: ClassVar[dict[str, str]] = {"reason": "move_reason"}
    declaration_id = forms.CharField(error_messages={"required": "Enter the id of a declaration on this statement"})
    to_statement = ModelChoice(
        queryset=Statement.objects.none(),
        label_of=lambda s: f"{s.month_name} {s.year}",
        to_field_name="ecf_id",
        empty_label=None,
        error_messages={
            "required": "Select the statement to move the declaration to",
            "invalid_choice": "Select the statement to move the declaration to",
        },
    )
    reason = forms.CharField(error_messages={"required": "Enter the reason for moving the declaration"})

    def __init__(self, *args: Any, statement: Statement, targets: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.statement = statement
        self.fields["to_statement"].queryset = targets  # type: ignore[attr-defined]

    def clean_declaration_id(self) -> Declaration:
        try:
            ecf_id = uuid.UUID(self.cleaned_data["declaration_id"])
        except ValueError:
            declaration = None
        else:
            on_statement = Declaration.objects.filter(ecf_id=ecf_id, statement_lines__statement=self.statement)
            declaration = on_statement.first()
        if declaration is None:
            raise forms.ValidationError("Enter the id of a declaration on this statement")
        return declaration
