"""The change feed behind gap-free sync (``page[cursor]``).

Every save of an application, of a person with applications, or of a participant-id change
appends :class:`~npq.api.models.ChangeEvent` rows in the same transaction (post_save receivers,
so changes made by any app are caught; ``QuerySet.update``, ``bulk_create`` and ``bulk_update``
bypass them and must call :func:`record_applications` themselves).

Bulk writes of those models in the code, checked by ``tests/api/test_changefeed_writes.py``
(an AST scan that fails on any new one): the participant merge, which moves applications with
``QuerySet.update`` and then creates a ``ParticipantIdChange`` and saves the kept person, whose
receivers feed every application of the kept person. Not fed, deliberately: reference data shown
inside a record (a school's UKPRN, course, cohort and schedule names), which are not participant
records and which the Department's ``updated_since`` does not follow either; declarations, which
have their own ``updated_at`` and no cursor.

Ordering: events are read in id order up to a *horizon*: an id below which no transaction can
still be writing. On PostgreSQL a writer holds a shared advisory lock from its event insert to
its commit; a reader takes the same lock exclusively for an instant (waiting for in-flight
writers, while new writers queue behind it), reads the largest id, and releases it. Every event
up to that id is committed, and any later writer gets a larger id, so a cursor can never pass a
change that commits late. (An earlier design used ``pg_snapshot_xmin``; it stalled whenever any
long transaction ran anywhere in the cluster.) On SQLite writers are serialised, so the largest
visible id is the horizon.
"""

import base64
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import OperationalError, connection, transaction
from django.db.models.signals import post_save

from npq.api.errors import BadRequest
from npq.core import clock
from npq.people.models import ParticipantIdChange, User
from npq.registration.models import Application

LOCK_KEY = 7_305_001  # the advisory lock that orders change-feed writers and readers
HORIZON_WAIT = "2s"  # a reader waits at most this long for in-flight writers, then serves nothing new


def _pg() -> bool:
    return connection.vendor == "postgresql"


def record_applications(rows: Iterable[tuple[int, int, int]]) -> None:
    """Append one event per (application id, lead provider id, user id)."""
    rows = list(rows)
    if not rows:
        return
    now = clock.now()
    values = ", ".join(["(%s, %s, %s, %s)"] * len(rows))
    params: list[Any] = []
    for application_id, provider_id, user_id in rows:
        params += [provider_id, application_id, user_id, now]
    with transaction.atomic(), connection.cursor() as cur:
        if _pg():
            cur.execute("SELECT pg_advisory_xact_lock_shared(%s)", [LOCK_KEY])
        cur.execute(
            "INSERT INTO api_changeevent (lead_provider_id, application_id, user_id, created_at) "  # noqa: S608
            f"VALUES {values}",  # fixed SQL and placeholders only
            params,
        )


def _application_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        record_applications([(instance.pk, instance.lead_provider_id, instance.user_id)])


def _user_changed(user_id: int) -> None:
    record_applications(Application.objects.filter(user_id=user_id).values_list("id", "lead_provider_id", "user_id"))


def _user_saved(sender: Any, instance: Any, raw: bool = False, created: bool = False, **kwargs: Any) -> None:
    if not raw and not created:
        _user_changed(instance.pk)


def _id_change_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _user_changed(instance.user_id)


def connect() -> None:
    post_save.connect(_application_saved, sender=Application, dispatch_uid="api_feed_application")
    post_save.connect(_user_saved, sender=User, dispatch_uid="api_feed_user")
    post_save.connect(_id_change_saved, sender=ParticipantIdChange, dispatch_uid="api_feed_id_change")


@dataclass(frozen=True)
class Position:
    id: int

    def encode(self) -> str:
        return base64.urlsafe_b64encode(f"e{self.id}".encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str | None) -> "Position":
        if not text or text == "0":
            return cls(0)
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
            if not raw.startswith("e"):
                raise ValueError(raw)
            position = int(raw[1:])
            if not 0 <= position < 2**63:  # no event id outside the database's 64-bit range
                raise ValueError(raw)
            return cls(position)
        except (ValueError, UnicodeDecodeError) as exc:
            raise BadRequest("The '#/page[cursor]' value is not a cursor returned by this API") from exc


@dataclass(frozen=True)
class FeedPage:
    application_ids: list[int]  # distinct, in feed order (latest position of each)
    user_ids: list[int]
    next_position: Position
    has_more: bool


def horizon() -> int | None:
    """The largest event id below which every writer has finished (None: writers busy, try later)."""
    try:
        with transaction.atomic(), connection.cursor() as cur:
            if _pg():
                cur.execute(f"SET LOCAL lock_timeout = '{HORIZON_WAIT}'")
                cur.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
            cur.execute("SELECT COALESCE(MAX(id), 0) FROM api_changeevent")
            (top,) = cur.fetchone()
    except OperationalError:
        return None
    return int(top)


def read(provider_id: int, after: Position, limit: int) -> FeedPage:
    """Up to ``limit`` events after ``after`` for one provider, only from finished transactions."""
    top = horizon()
    if top is None:
        return FeedPage([], [], after, True)
    sql = (
        "SELECT id, application_id, user_id FROM api_changeevent "  # noqa: S608 - fixed SQL only
        "WHERE lead_provider_id = %s AND id > %s AND id <= %s ORDER BY id LIMIT %s"
    )
    with connection.cursor() as cur:
        cur.execute(sql, [provider_id, after.id, top, limit + 1])
        rows = cur.fetchall()
    has_more = len(rows) > limit
    rows = rows[:limit]
    apps: dict[int, None] = {}
    users: dict[int, None] = {}
    for _id, application_id, user_id in rows:
        apps.pop(application_id, None)
        apps[application_id] = None
        users.pop(user_id, None)
        users[user_id] = None
    last = Position(rows[-1][0]) if rows else after
    return FeedPage(list(apps), list(users), last, has_more)
