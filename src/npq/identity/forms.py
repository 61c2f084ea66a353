"""The merge form: the participant id to retire and the one to keep."""

from django import forms

from npq.core.forms import Form


class MergeForm(Form):
    from_participant_id = forms.CharField(error_messages={"required": "Enter the participant id to retire"})
    to_participant_id = forms.CharField(error_messages={"required": "Enter the participant id to keep"})

    def ids_given(self) -> dict[str, str]:
        """The two ids as typed, trimmed ('' for one left blank)."""
        return {name: self.cleaned_data.get(name, "") for name in self.fields}

    def problems(self) -> list[tuple[str, str]]:
        return [(name, str(message)) for name, messages in self.errors.items() for message in messages]
