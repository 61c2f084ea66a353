"""Each journey question's form is built from its definition: the names its page posts, where
its one error links, and the words a person reads when an answer will not do."""

import pytest
from django.http import QueryDict

from npq.registration.forms import StepForm, step_field_id, step_fields
from npq.registration.journey import STEPS


def _form(name, data, options=()):
    return StepForm(QueryDict(data), step=STEPS[name], options=list(options))


@pytest.mark.parametrize("kind", sorted({s.kind for s in STEPS.values()}))
def test_every_kind_of_question_has_fields_and_an_error_link(kind):
    step = next(s for s in STEPS.values() if s.kind == kind)
    fields = step_fields(step)
    assert (fields == []) == (kind in ("funding", "stop", "notice"))
    if kind in ("date", "school", "childcare"):
        assert step_field_id(step) in {f"{step.key}-day", "q"}


def test_a_radios_answer_must_be_one_of_the_options():
    step = next(s for s in STEPS.values() if s.kind == "radios")
    refused = _form(step.name, f"{step.key}=made-up", [("yes", "Yes", "")])
    assert not refused.is_valid()
    assert refused.error_list() == [{"text": f"Select an answer to “{step.question}”", "href": f"#{step.key}"}]
    chosen = _form(step.name, f"{step.key}=yes", [("yes", "Yes", "")])
    assert chosen.is_valid() and chosen.cleaned_data["answer"] == "yes"


def test_a_date_with_a_made_up_day_links_to_the_day_box():
    step = next(s for s in STEPS.values() if s.kind == "date")
    form = _form(step.name, f"{step.key}-day=31&{step.key}-month=2&{step.key}-year=1985")
    assert form.error_list() == [{"text": "Enter a real date, like 27 3 1985", "href": f"#{step.key}-day"}]


def test_a_text_answer_is_tidied_and_limited():
    step = next(s for s in STEPS.values() if s.kind == "text" and s.key != "trn")
    tidied = _form(step.name, f"{step.key}=%20Ada%20%20Lovelace%20")
    assert tidied.is_valid() and tidied.cleaned_data["answer"] == "Ada Lovelace"
    too_long = _form(step.name, f"{step.key}={'x' * 201}")
    assert too_long.error_list()[0]["text"] == "Your answer must be 200 characters or fewer"
