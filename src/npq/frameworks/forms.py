"""The frameworks pages' forms: the confirmation on the publish page (publishing cannot be undone)
and a lead provider's design of its own assessment task."""

from typing import Any

from django import forms

from npq.core.forms import Form
from npq.frameworks import rules
from npq.frameworks.models import ContentArea

TOO_LONG = "%s must be %s characters or fewer"


class PublishForm(Form):
    confirm = forms.ChoiceField(
        choices=[("yes", "Yes, publish this version")],
        error_messages={
            "required": "Confirm that you want to publish this version",
            "invalid_choice": "Confirm that you want to publish this version",
        },
    )


class TaskDesignForm(Form):
    """A lead provider's own task: title, aim, word limit and up to ``rules.CRITERIA_ROWS``
    criteria (``area-i`` and ``criterion-i``), each against one of the qualification's content
    areas. Every problem is shown at once, from the same rules the service checks."""

    title = forms.CharField(
        required=False, max_length=300, error_messages={"max_length": TOO_LONG % ("The title", "300")}
    )
    aim = forms.CharField(
        required=False, max_length=5000, error_messages={"max_length": TOO_LONG % ("What the task asks", "5,000")}
    )
    word_limit = forms.CharField(required=False, max_length=12, error_messages={"max_length": "Enter a word limit"})

    def __init__(self, *args: Any, areas: list[tuple[int, ContentArea]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.areas = {str(a.pk): (n, a) for n, a in areas}
        choices = [("", "Select a content area")] + [(str(a.pk), f"{n}. {a.name}") for n, a in areas]
        for i in range(1, rules.CRITERIA_ROWS + 1):
            self.fields[f"area-{i}"] = forms.ChoiceField(
                choices=choices,
                required=False,
                error_messages={"invalid_choice": f"Select one of the content areas listed for criterion {i}"},
            )
            self.fields[f"criterion-{i}"] = forms.CharField(
                required=False, max_length=1000, error_messages={"max_length": TOO_LONG % (f"Criterion {i}", "1,000")}
            )

    @property
    def rows(self) -> list[int]:
        return list(range(1, rules.CRITERIA_ROWS + 1))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        limit = str(data.get("word_limit") or "").replace(",", "").strip()
        data["word_limit"] = int(limit) if limit.isdigit() and len(limit) < 7 else None
        chosen = [self.areas.get(str(data.get(f"area-{i}") or "")) for i in self.rows]
        texts = [str(data.get(f"criterion-{i}") or "") for i in self.rows]
        drafts = [rules.CriterionDraft(c[0] if c else None, t) for c, t in zip(chosen, texts, strict=True)]
        for field, message in rules.task_design_problems(
            str(data.get("title") or ""), str(data.get("aim") or ""), data["word_limit"], drafts
        ):
            if field not in self.errors:
                self.add_error(field, message)
        data["criteria"] = [(c[1] if c else None, t) for c, t in zip(chosen, texts, strict=True)]
        return data
