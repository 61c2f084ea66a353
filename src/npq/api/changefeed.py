"""The change feed behind gap-free sync (``page[cursor]``).

Every save of an application, of a person with applications, or of a participant-id change
appends :class:`~npq.api.models.ChangeEvent` rows in the same transaction (post_save receivers,
so changes made by any app are caught; ``QuerySet.update`` and ``bulk_create`` bypass them and
must call :func:`record_applications` themselves).

Reading: on PostgreSQL each event carries its transaction id; a page only includes events whose
transaction id is below the oldest transaction still running (``pg_snapshot_xmin``), so an
event that commits late can never fall behind a cursor already handed out. On SQLite writers
are serialised, so the row id alone is commit order.
"""

import base64
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models.signals import post_save

from npq.api.errors import BadRequest
from npq.core import clock


def _pg() -> bool:
    return connection.vendor == "postgresql"


def record_applications(rows: Iterable[tuple[int, int, int]]) -> None:
    """Append one event per (application id, lead provider id, user id)."""
    rows = list(rows)
    if not rows:
        return
    now = clock.now()
    txid = "pg_current_xact_id()::text::bigint" if _pg() else "0"
    values = ", ".join([f"({txid}, %s, %s, %s, %s)"] * len(rows))
    params: list[Any] = []
    for application_id, provider_id, user_id in rows:
        params += [provider_id, application_id, user_id, now]
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO api_changeevent (txid, lead_provider_id, application_id, user_id, created_at) "  # noqa: S608
            f"VALUES {values}",  # fixed SQL and placeholders only
            params,
        )


def _application_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        record_applications([(instance.pk, instance.lead_provider_id, instance.user_id)])


def _user_changed(user_id: int) -> None:
    from npq.registration.models import Application

    record_applications(Application.objects.filter(user_id=user_id).values_list("id", "lead_provider_id", "user_id"))


def _user_saved(sender: Any, instance: Any, raw: bool = False, created: bool = False, **kwargs: Any) -> None:
    if not raw and not created:
        _user_changed(instance.pk)


def _id_change_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _user_changed(instance.user_id)


def connect() -> None:
    from npq.people.models import ParticipantIdChange, User
    from npq.registration.models import Application

    post_save.connect(_application_saved, sender=Application, dispatch_uid="api_feed_application")
    post_save.connect(_user_saved, sender=User, dispatch_uid="api_feed_user")
    post_save.connect(_id_change_saved, sender=ParticipantIdChange, dispatch_uid="api_feed_id_change")


@dataclass(frozen=True)
class Position:
    txid: int
    id: int

    def encode(self) -> str:
        return base64.urlsafe_b64encode(f"{self.txid}.{self.id}".encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str | None) -> "Position":
        if not text or text == "0":
            return cls(0, 0)
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
            txid, _, ident = raw.partition(".")
            return cls(int(txid), int(ident))
        except (ValueError, UnicodeDecodeError) as exc:
            raise BadRequest("The '#/page[cursor]' value is not a cursor returned by this API") from exc


@dataclass(frozen=True)
class FeedPage:
    application_ids: list[int]  # distinct, in feed order (latest position of each)
    user_ids: list[int]
    next_position: Position
    has_more: bool


def read(provider_id: int, after: Position, limit: int) -> FeedPage:
    """Up to ``limit`` events after ``after`` for one provider, only from finished transactions."""
    horizon = "AND txid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint" if _pg() else ""
    sql = (
        "SELECT txid, id, application_id, user_id FROM api_changeevent "  # noqa: S608 - fixed SQL only
        "WHERE lead_provider_id = %s AND (txid, id) > (%s, %s) "
        f"{horizon} ORDER BY txid, id LIMIT %s"
    )
    with connection.cursor() as cur:
        cur.execute(sql, [provider_id, after.txid, after.id, limit + 1])
        rows = cur.fetchall()
    has_more = len(rows) > limit
    rows = rows[:limit]
    apps: dict[int, None] = {}
    users: dict[int, None] = {}
    for _txid, _id, application_id, user_id in rows:
        apps.pop(application_id, None)
        apps[application_id] = None
        users.pop(user_id, None)
        users[user_id] = None
    last = Position(rows[-1][0], rows[-1][1]) if rows else after
    return FeedPage(list(apps), list(users), last, has_more)
