"""Changes in the apps below (registration, people) become webhook events, in the change's transaction.

Applications and people are saved by many services; a ``post_save`` receiver catches them all, as
the API's change feed does (``npq.api.changefeed``), and publishes only when the provider has an
endpoint that chose the event. Apps above webhooks (declarations, finance) call
:func:`npq.webhooks.services.publish` themselves.
"""

from typing import Any

from django.db.models.signals import post_save

from npq.people.models import ParticipantIdChange, User
from npq.registration.models import Application
from npq.webhooks.models import Endpoint
from npq.webhooks.rules import EventType
from npq.webhooks.services import publish


def _application_saved(sender: Any, instance: Application, raw: bool = False, created: bool = False, **_: Any) -> None:
    if (
        raw
        or not Endpoint.objects.filter(lead_provider_id=instance.lead_provider_id, disabled_at__isnull=True).exists()
    ):
        return
    participant = str(User.objects.values_list("ecf_id", flat=True).get(pk=instance.user_id))
    kind = EventType.APPLICATION_CREATED if created else EventType.APPLICATION_CHANGED
    publish(
        instance.lead_provider_id,
        kind,
        participant,
        {"application_id": str(instance.ecf_id), "participant_id": participant},
    )


def _providers_of(user_id: int) -> list[int]:
    return sorted(set(Application.objects.filter(user_id=user_id).values_list("lead_provider_id", flat=True)))


def _user_saved(sender: Any, instance: User, raw: bool = False, created: bool = False, **kwargs: Any) -> None:
    fields = kwargs.get("update_fields")
    if raw or created or (fields is not None and set(fields) <= {"last_login", "password"}):
        return  # a sign-in is not a change a provider needs to hear of
    for provider_id in _providers_of(instance.pk):
        participant = str(instance.ecf_id)
        publish(provider_id, EventType.PARTICIPANT_CHANGED, participant, {"participant_id": participant})


def _id_changed(sender: Any, instance: ParticipantIdChange, raw: bool = False, created: bool = False, **_: Any) -> None:
    if raw or not created:
        return
    data = {
        "from_participant_id": str(instance.from_participant_id),
        "to_participant_id": str(instance.to_participant_id),
    }
    for provider_id in _providers_of(instance.user_id):
        publish(provider_id, EventType.PARTICIPANT_ID_CHANGED, data["to_participant_id"], data)


def connect() -> None:
    post_save.connect(_application_saved, sender=Application, dispatch_uid="webhooks_application")
    post_save.connect(_user_saved, sender=User, dispatch_uid="webhooks_user")
    post_save.connect(_id_changed, sender=ParticipantIdChange, dispatch_uid="webhooks_id_change")
