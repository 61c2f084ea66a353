"""A row id taken from a form or a query string: digits that fit the column, or not an id at all
(never a database overflow, found by the form fuzzing: a 25-digit facilitator id gave a 500)."""

import pytest
from django import forms

from npq.core.forms import ModelChoice
from npq.core.identifiers import MAX_ID, parse_id
from npq.reference.models import Course


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", 1),
        (" 42 ", 42),
        (7, 7),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("9" * 25, None),
        ("0", None),
        ("-1", None),
        ("1.5", None),
        ("\u00b2", None),  # superscript two: str.isdigit says yes, int() says no
        ("\uff11\uff12", None),  # full-width digits: int() reads them, no form should
        ("\u0663", None),
        ("", None),
        (None, None),
        ("1e3", None),
    ],
)
def test_parse_id(value, expected):
    assert parse_id(value) == expected


class CourseForm(forms.Form):
    course = ModelChoice(queryset=Course.objects.all())


@pytest.mark.parametrize("value", ["9" * 25, str(MAX_ID + 1), "\u00b2", "-3"])
def test_a_choice_no_row_can_have_is_not_one_of_the_choices(value):
    form = CourseForm({"course": value})
    assert not form.is_valid()
    assert form.errors["course"] == ["Select a valid choice. That choice is not one of the available choices."]


@pytest.mark.django_db
def test_a_choice_of_a_real_row_is_still_read(reference):
    course = Course.objects.order_by("pk").first()
    form = CourseForm({"course": str(course.pk)})
    assert form.is_valid() and form.cleaned_data["course"] == course
