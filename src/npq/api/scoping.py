"""The one query layer of the Lead Provider API: everything a token may see, keyed by its provider.

Routers never query models directly; they ask ``scope_of(request)`` for a queryset or one record.
An id that belongs to another provider is simply not in the scope, so it answers 404 like an id
that does not exist (no probing of other providers' records).
"""

import uuid
from typing import Any

from django.db.models import Case, Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest

from npq.api import changed_pages
from npq.api.errors import Gone
from npq.core.errors import NotFound, ValidationFailed
from npq.core.identifiers import contract_timestamp, parse_uuid
from npq.people.models import ParticipantIdChange, User
from npq.reference.models import DeliveryPartner, DeliveryPartnership, LeadProvider
from npq.registration.models import Application, ApprovalStatus


def parse_id(value: Any) -> uuid.UUID:
    found = parse_uuid(value)
    if found is None:
        raise NotFound(f"No record with id {value}")
    return found


iso = contract_timestamp  # the name endpoint modules use for the contract's timestamps


class ProviderScope:
    def __init__(self, provider: LeadProvider) -> None:
        self.provider = provider

    def scoped(self, queryset: QuerySet[Any], path: str = "lead_provider") -> QuerySet[Any]:
        """Any queryset restricted to this provider through ``path`` (for other apps' routers)."""
        return queryset.filter(**{path: self.provider})

    # Applications ---------------------------------------------------------------------------
    def applications(self) -> QuerySet[Application]:
        return Application.objects.filter(lead_provider=self.provider)

    def application(self, ecf_id: Any, *, for_update: bool = False) -> Application:
        qs = self.applications().select_related("user", "course", "cohort", "schedule", "school")
        if for_update:
            qs = qs.select_for_update(of=("self",))
        found = qs.filter(ecf_id=parse_id(ecf_id)).first()
        if found is None:
            raise NotFound(f"No application {ecf_id} for {self.provider.name}")
        return found

    def applications_changed_since(
        self, moment: Any, within: QuerySet[Application] | None = None
    ) -> QuerySet[Application]:
        """Ids of this provider's applications (of ``within``, a narrower set of them, if given) changed
        since ``moment``: the application itself or its person. A union of two index scans
        ((lead_provider, updated_at, id) and the person's updated_at), not an OR across the join,
        which no index can serve."""
        base = self.applications() if within is None else within
        own = base.filter(updated_at__gte=moment).values("id")
        person = base.filter(user__updated_at__gte=moment).values("id")
        return own.union(person)  # type: ignore[return-value]

    @staticmethod
    def application_changed(moment: Any, merges: bool = False) -> Case:
        """The same test, record by record, for a walk of the list (:mod:`npq.api.changed_pages`): 1 on
        an application changed since ``moment`` or whose person did, with ``merges`` also one whose
        person had a participant-id change (as :meth:`participants_changed_since` counts a person, the
        greatest over their accepted applications here). ``tests/api/test_changed_pages.py`` holds
        the two definitions to the same pages."""
        person = User.objects.filter(pk=OuterRef("user_id"), updated_at__gte=moment)
        merged = ParticipantIdChange.objects.filter(user_id=OuterRef("user_id"), changed_at__gte=moment)
        return changed_pages.flag(Q(updated_at__gte=moment), Exists(person), *([Exists(merged)] if merges else []))

    # Participants ---------------------------------------------------------------------------
    def accepted_applications(self) -> QuerySet[Application]:
        return self.applications().filter(lead_provider_approval_status=ApprovalStatus.ACCEPTED)

    def participants(self) -> QuerySet[User]:
        accepted = self.accepted_applications().filter(user_id=OuterRef("pk"))
        return User.objects.filter(Exists(accepted))

    def participants_changed_since(self, moment: Any) -> QuerySet[User]:
        """Ids of people changed since ``moment``: the person, one of their accepted applications
        here, or a participant-id change. A union of index scans (see above). Changed people are
        looked for among this provider's participants only: with an early ``moment`` every person in
        the service has changed since, and hashing them all made the first page of a full sync by
        ``updated_since`` take 180 to 260 ms at 190,000 people (90 ms now; a recent moment is as fast)."""
        person = self.accepted_applications().filter(user__updated_at__gte=moment).values("user_id")
        enrolment = self.accepted_applications().filter(updated_at__gte=moment).values("user_id")
        merged = ParticipantIdChange.objects.filter(changed_at__gte=moment).values("user_id")
        return person.union(enrolment, merged)  # type: ignore[return-value]

    def participant(self, ecf_id: Any) -> User:
        """The participant, or 410 naming the change when the id was retired by a merge."""
        pid = parse_id(ecf_id)
        found = self.participants().filter(ecf_id=pid).first()
        if found is not None:
            return found
        change = ParticipantIdChange.objects.filter(from_participant_id=pid).select_related("user").first()
        if change is not None and self.participants().filter(pk=change.user_id).exists():
            changes = [
                {
                    "from_participant_id": str(c.from_participant_id),
                    "to_participant_id": str(c.to_participant_id),
                    "changed_at": iso(c.changed_at),
                }
                for c in ParticipantIdChange.objects.filter(user_id=change.user_id).order_by("changed_at", "id")
            ]
            # After a chain of merges (a -> b -> c) the change names b; the detail names the id to use now.
            raise Gone(f"The participant_id {pid} has been replaced with {change.user.ecf_id}", changes)
        raise NotFound(f"No participant {ecf_id} for {self.provider.name}")

    def participant_application(
        self, participant: User, course_identifier: str, *, for_update: bool = False
    ) -> Application:
        qs = self.accepted_applications().filter(user=participant, course__identifier=course_identifier)
        qs = qs.select_related("user", "course", "cohort", "schedule", "school")
        if for_update:
            qs = qs.select_for_update(of=("self",))
        found = qs.order_by("-accepted_at").first()
        if found is None:
            raise ValidationFailed(
                f"The participant {participant.ecf_id} has no accepted {course_identifier} application with "
                f"{self.provider.name}",
                field="course_identifier",
            )
        return found

    # Delivery partners ----------------------------------------------------------------------
    def delivery_partners(self) -> QuerySet[DeliveryPartner]:
        ours = DeliveryPartnership.objects.filter(lead_provider=self.provider, delivery_partner_id=OuterRef("pk"))
        return DeliveryPartner.objects.filter(Exists(ours))

    def delivery_partner(self, ecf_id: Any) -> DeliveryPartner:
        found = self.delivery_partners().filter(ecf_id=parse_id(ecf_id)).first()
        if found is None:
            raise NotFound(f"No delivery partner {ecf_id} for {self.provider.name}")
        return found


def scope_of(request: HttpRequest) -> ProviderScope:
    """The caller's scope, from the authenticated token (never from the URL)."""
    token = request.auth  # type: ignore[attr-defined]
    return ProviderScope(token.lead_provider)
