"""Forms on the delivery pages: cohorts of delivery, sessions and attendance, self-evaluation and
360° feedback, checkpoints. Staff forms check every field before a service is called, so a page
shows all its problems at once; the services keep their own checks for other callers."""

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from npq.core import labels
from npq.core.errors import NPQError
from npq.core.forms import Form
from npq.core.identifiers import parse_id
from npq.delivery import rules
from npq.delivery.models import AttendanceStatus, Session
from npq.frameworks.models import DeliveryMode
from npq.people.models import User
from npq.reference.models import Cohort, Course, DeliveryPartner

LENGTH_FORMAT = "Enter the length as a whole number of minutes, like 90"
REASON_LENGTH = 300  # the reason columns' length
REASON_TOO_LONG = f"The reason must be {REASON_LENGTH} characters or fewer"


def _row(qs: QuerySet[Any], value: Any) -> Any:
    """The row of ``qs`` with the posted id, or None (a value from outside the list is ignored)."""
    found = parse_id(value)
    return qs.filter(pk=found).first() if found is not None else None


def staff_of(provider_id: int) -> QuerySet[User]:
    """A lead provider's own staff and its delivery partners' staff: who may facilitate."""
    return User.objects.filter(lead_provider_id=provider_id, role__in=["delivery_partner", "lead_provider"]).order_by(
        "full_name", "pk"
    )


class CohortForm(Form):
    """Create (``creating``) or change a cohort of delivery. Course and cohort are chosen only on
    creation; a partner or facilitator id from outside the provider's lists is ignored."""

    name = forms.CharField(required=False)
    course = forms.CharField(required=False)
    cohort = forms.CharField(required=False)
    partner = forms.CharField(required=False)
    facilitators = forms.Field(required=False, widget=forms.SelectMultiple)

    def __init__(self, *args: Any, provider_id: int, creating: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.staff = staff_of(provider_id)
        if not creating:
            del self.fields["course"], self.fields["cohort"]

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"]
        if not name:
            raise forms.ValidationError("Enter a name for the cohort of delivery")
        if len(name) > 200:
            raise forms.ValidationError("The name must be 200 characters or fewer")
        return name

    def clean_course(self) -> Course:
        course = _row(Course.objects.all(), self.cleaned_data["course"])
        if course is None:
            raise forms.ValidationError("Select the course")
        return course  # type: ignore[no-any-return]

    def clean_cohort(self) -> Cohort:
        cohort = _row(Cohort.objects.all(), self.cleaned_data["cohort"])
        if cohort is None:
            raise forms.ValidationError("Select the cohort")
        return cohort  # type: ignore[no-any-return]

    def clean_partner(self) -> DeliveryPartner | None:
        return _row(DeliveryPartner.objects.all(), self.cleaned_data["partner"])  # type: ignore[no-any-return]

    def clean_facilitators(self) -> list[User]:
        ids = [parse_id(v) for v in self.cleaned_data["facilitators"] or []]
        return list(self.staff.filter(pk__in=[found for found in ids if found is not None]))

    def chosen_facilitators(self) -> set[str]:
        """The ids ticked: as posted, or the initial ones."""
        return {str(v) for v in self["facilitators"].value() or []}


class ParticipantsForm(Form):
    participants = forms.MultipleChoiceField(
        error_messages={
            "required": "Select the participants to add",
            "invalid_choice": "Select the participants to add",
        }
    )

    def __init__(self, *args: Any, candidates: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = {str(p.pk): p for p in candidates}
        self.fields["participants"].choices = [(pk, p.full_name) for pk, p in self.candidates.items()]  # type: ignore[attr-defined]

    def clean_participants(self) -> list[User]:
        return [self.candidates[pk] for pk in self.cleaned_data["participants"]]


class SessionForm(Form):
    """A session's details; ``session_fields()`` gives the service's keyword arguments."""

    title = forms.CharField(required=False)
    mode = forms.ChoiceField(
        required=False,
        choices=DeliveryMode.choices,
        error_messages={"invalid_choice": "Select how the session is delivered"},
    )
    date = forms.CharField(required=False)
    time = forms.CharField(required=False)
    duration = forms.CharField(required=False)
    place = forms.CharField(required=False)
    link = forms.CharField(required=False)

    @classmethod
    def initial_for(cls, session: Session) -> dict[str, str]:
        local = timezone.localtime(session.starts_at)
        return {
            "title": session.title,
            "mode": session.mode,
            "date": local.date().isoformat(),
            "time": local.strftime("%H:%M"),
            "duration": str(session.duration_minutes),
            "place": session.place,
            "link": session.link,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            data["starts_at"] = timezone.make_aware(
                dt.datetime.fromisoformat(f"{data.get('date', '')}T{data.get('time', '')}")
            )
        except ValueError:
            self.add_error("date", "Enter the date and time of the session")
        try:
            data["duration_minutes"] = int(data.get("duration") or 90)
        except ValueError:
            self.add_error("duration", LENGTH_FORMAT)
        problems = rules.session_problems(
            data.get("title", ""),
            data.get("mode", ""),
            DeliveryMode.values,
            data.get("place", ""),
            data.get("link", ""),
            data.get("duration_minutes"),
        )
        for field, message in problems:
            if field not in self.errors:  # one message a field: an unknown mode is already reported
                self.add_error(field, message)
        return data

    def session_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        keys = ("title", "mode", "starts_at", "duration_minutes", "place", "link")
        return {key: data[key] for key in keys}


class PlaceForm(Form):
    """A participant books a place (``book``) or gives one up (``give_up``)."""

    action = forms.ChoiceField(choices=[("book", "book"), ("give_up", "give_up")])


class CancelSessionForm(Form):
    """Cancel a session: the reason is kept on the record and shown to participants."""

    reason = forms.CharField(
        max_length=REASON_LENGTH,
        error_messages={"required": "Enter why the session is cancelled", "max_length": REASON_TOO_LONG},
    )


class RemoveParticipantForm(Form):
    """Take one participant out of a group, with the reason kept on the record."""

    participant = forms.IntegerField(error_messages={"required": "Select the participant to remove"})
    reason = forms.CharField(
        required=False,
        max_length=REASON_LENGTH,
        error_messages={"required": "Enter why the participant is leaving the group", "max_length": REASON_TOO_LONG},
    )

    def clean_reason(self) -> str:
        reason: str = self.cleaned_data["reason"]
        if not reason.strip():
            raise forms.ValidationError("Enter why the participant is leaving the group")
        return reason


class AttendanceForm(Form):
    """Attendance for every member at once: ``status-<id>`` and ``reason-<id>`` per participant."""

    def __init__(self, *args: Any, participant_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.participant_ids = participant_ids
        statuses = labels.choices("attendance", AttendanceStatus)
        for pid in participant_ids:
            self.fields[f"status-{pid}"] = forms.ChoiceField(
                required=False,
                choices=statuses,
                error_messages={"invalid_choice": "Select attended, partly attended or absent"},
            )
            self.fields[f"reason-{pid}"] = forms.CharField(
                required=False, max_length=REASON_LENGTH, error_messages={"max_length": REASON_TOO_LONG}
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for pid in self.participant_ids:
            if data.get(f"status-{pid}") == AttendanceStatus.ABSENT and not data.get(f"reason-{pid}"):
                self.add_error(f"reason-{pid}", "Enter the reason for the absence")
        return data

    def marks(self) -> dict[int, tuple[str, str]]:
        """Participant id -> (status, reason) for each member given a status."""
        data = self.cleaned_data
        return {
            pid: (data[f"status-{pid}"], data[f"reason-{pid}"])
            for pid in self.participant_ids
            if data.get(f"status-{pid}")
        }


class RatingsForm(Form):
    """Ratings from 1 to 5 per behaviour (``rating-<key>``) and, with ``plan``, an action per
    behaviour (``plan-<key>``). The service counts the missing ratings in one message."""

    def __init__(self, *args: Any, keys: list[str], plan: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.keys = keys
        for key in keys:
            self.fields[f"rating-{key}"] = forms.TypedChoiceField(
                required=False, coerce=int, empty_value=None, choices=[(n, str(n)) for n in range(1, 6)]
            )
            if plan:
                self.fields[f"plan-{key}"] = forms.CharField(required=False)

    def add_service_error(self, error: NPQError) -> None:
        """The service names a behaviour; its radios are ``rating-<key>``."""
        field = f"rating-{error.field}" if error.field in self.keys else error.field
        self.add_error(field if field in self.fields else None, error.message)

    def ratings(self) -> dict[str, int]:
        data = self.cleaned_data
        return {key: data[f"rating-{key}"] for key in self.keys if data.get(f"rating-{key}") is not None}

    def plan(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(f"plan-{key}", "") for key in self.keys}

    def posted(self, name: str) -> str:
        """What was posted in ``name`` (for the hand-built radios), or ''."""
        return str(self[name].value() or "") if self.is_bound and name in self.fields else ""


class InviteForm(Form):
    """Invite a colleague; ``action`` tells this form from the ratings posted to the same page."""

    name = forms.CharField(required=False)
    email = forms.CharField(required=False)
    action = forms.CharField(required=False)


class CheckpointForm(Form):
    title = forms.CharField(error_messages={"required": "Enter a title for the checkpoint"})
    prompt = forms.CharField(error_messages={"required": "Enter the task or reflection prompt"})
    due_on = forms.DateField(
        input_formats=["%Y-%m-%d"],
        error_messages={"required": "Enter the due date", "invalid": "Enter the due date"},
    )


class ResponseForm(Form):
    text = forms.CharField(required=False)


class FeedbackForm(Form):
    """A facilitator's feedback on one response; ``response`` is the response's id."""

    response = forms.IntegerField()
    feedback = forms.CharField(required=False)

    def id_for(self, name: str) -> str:
        # Each response on the page has its own feedback box, ``feedback-<response id>``.
        if name == "feedback" and self.is_bound:
            return f"feedback-{self.data.get('response', '')}"
        return super().id_for(name)
