"""Hostile values posted into every form of the service: never a server error, and a refused form
writes nothing.

Every route of the URL resolver is walked (``tests/web/crawl.py``): signed in as each role, the
crawler follows links and reads each page's forms. Every route that accepts a POST is then posted
Hypothesis-generated values (``tests/web/hostile.py``: NUL, lone surrogates, huge numbers, long and
odd text, files where text belongs, missing, repeated and extra fields) as a role that reached it.
Each example runs in a savepoint rolled back afterwards, so each starts from the same world.

A POST is *refused* when it answers 4xx or re-renders its form with errors; then the number of rows
of every table (audit events included) must be what it was before. ``NPQ_FORM_FUZZ_EXAMPLES`` sets
the examples per route (default 8: one for each theme of ``hostile.THEMES`` and one mixed).
"""

import copy
import functools
import os
import re
from collections.abc import Iterator
from http.cookies import SimpleCookie
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import connection, transaction
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings

from tests import factories
from tests.conftest import rolled_back
from tests.web import hostile
from tests.web.crawl import Form, Walk, crawl, fill

EXAMPLES = int(os.environ.get("NPQ_FORM_FUZZ_EXAMPLES", "8"))

# Tables a refused POST writes on purpose, by the start of its route: counting the attempt is the
# refusal's point (sign-in, certificate checks), or the page shown again is an inspector's read of
# the provider's data, which the provider is shown (quality).
COUNTED_ON_REFUSAL = {
    "/sign-in": {"people_signinattempt", "core_auditevent", "people_signincode"},
    "/awards/verify": {"awards_verificationwindow"},
    "/quality/inspections/": {"quality_read"},
}
NOT_COUNTED = {"django_session"}  # a visitor's journey keeps its answers in the session

# Routes the walk cannot reach, and why: links only an email gives, and records this world does not
# make (each would need its own history: a failed job, a published release, a disputed marking).
# A new route must be reached by the walk or listed here, so a new form is fuzzed from its first day.
EMAILED = "the link is emailed to one person"
DOWNLOAD = "a download (GET) of a record this world does not make"
NONE_MADE = "the world makes no such record"
UNREACHABLE = {
    "/invitation/<str:uidb64>/<str:token>": EMAILED,
    "/feedback/<str:token>": EMAILED,
    "/assessment/submissions/<int:pk>/agree": "needs two markings that disagree",
    "/assessment/windows/<int:pk>/moderation": "for a moderator; the assessor signed in is not one",
    "/assessment/submissions/<int:pk>/review": "for a moderator; the assessor signed in is not one",
    "/assessment/submissions/<int:pk>/annexes/<int:annex_id>": DOWNLOAD,
    "/awards/mine/<str:number>/certificate.pdf": DOWNLOAD,
    "/awards/mine/<str:number>/credential.json": DOWNLOAD,
    "/curricula/<int:pk>": NONE_MADE,
    "/curricula/<int:pk>/coverage.csv": DOWNLOAD,
    "/delivery/checkpoints/<int:pk>": NONE_MADE,
    "/finance/statements/<uuid:ecf_id>/adjustments/<int:line_id>/reverse": NONE_MADE,
    "/frameworks/<int:pk>/diff": "needs two versions of a framework",
    "/insights/inspected/<slug:table>.csv": DOWNLOAD,
    "/insights/national/<slug:table>.csv": DOWNLOAD,
    "/insights/provider/<slug:table>.csv": DOWNLOAD,
    "/insights/releases/<slug:slug>/compare": NONE_MADE,
    "/jobs/failed/<uuid:job_id>/retry": "needs a failed job",
    "/participants/<uuid:ecf_id>": "reached from a search, and the walk types no searches",
    "/quality/actions/<int:pk>/done": NONE_MADE,
    "/quality/observations/<int:pk>": NONE_MADE,
    "/quality/reports/<int:pk>": "needs a published report",
    "/quality/reports/<int:pk>/report.pdf": DOWNLOAD,
    "/registration/applications/<uuid:ecf_id>/change/<str:what>": "only while an application is pending",
    "/registration/review/<uuid:ecf_id>": "needs an application waiting for review",
    "/registration/review/<uuid:ecf_id>/files/<int:file_id>": DOWNLOAD,
    "/statistics/<slug:slug>": "needs a published release",
    "/statistics/<slug:slug>/<slug:table>.csv": DOWNLOAD,
    "/webhooks/deliveries/<str:delivery_id>/replay": NONE_MADE,
}


@pytest.fixture(scope="module")
def walk(django_db_setup: Any, django_db_blocker: Any) -> Iterator[tuple[Walk, dict[str, SimpleCookie]]]:
    """The world, and what a walk of every page found in it, built once for the module; with it, the
    cookies of a session signed in as each role, untouched by the walk (see ``_as``)."""
    with rolled_back(django_db_blocker), django_db_blocker.unblock():
        users, links = factories.every_role_world()
        clients = {"": Client()}
        sessions = {}
        for role, user in users.items():
            clients[role] = Client()
            clients[role].force_login(user, backend="npq.people.backends.EmailBackend")
            fresh = Client()
            fresh.force_login(user, backend="npq.people.backends.EmailBackend")
            sessions[role] = fresh.cookies
        yield crawl(clients, ["/", "/dashboard", *links]), sessions


@functools.cache
def _tables() -> list[str]:
    return sorted(set(connection.introspection.table_names()) - NOT_COUNTED)


def _counts(tables: list[str]) -> dict[str, int]:
    """The number of rows of each table, in one query."""
    if not tables:
        return {}
    qn = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {qn(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))


def _touched() -> dict[str, int] | None:
    """On PostgreSQL, the rows each table has had inserted or deleted in this transaction so far
    (savepoints rolled back included): a table whose figure did not move cannot have changed its
    count, so only the tables that moved are counted again. Elsewhere None: every table is counted."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, n_tup_ins + n_tup_del FROM pg_stat_xact_user_tables")
        return dict(cursor.fetchall())


def _changed(baseline: dict[str, int], before: dict[str, int] | None, allowed: set[str]) -> dict[str, tuple[int, int]]:
    """Tables whose number of rows differs from the baseline, leaving out those a refusal may write."""
    after = _touched()
    moved = [
        t
        for t in _tables()
        if t not in allowed and (before is None or after is None or after.get(t, 0) != before.get(t, 0))
    ]
    now = _counts(moved)
    return {t: (baseline[t], now[t]) for t in moved if now[t] != baseline[t]}


TITLE = re.compile(rb"<title[^>]*>\s*Error:")


def _refused(response: Any) -> bool:
    if 400 <= response.status_code < 500:
        return True
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return False
    page = response.content
    return TITLE.search(page) is not None or b'class="govuk-error-summary' in page


def _post(client: Client, form: Form, pairs: list[tuple[str, Any]]) -> Any:
    body, content_type = hostile.encode(pairs, form.multipart)
    return client.generic("POST", form.action, body, content_type=content_type)


def _summary(pairs: list[tuple[str, Any]]) -> str:
    """What was posted, each value cut to a readable length."""
    shown = []
    for name, value in pairs:
        if isinstance(value, hostile.Upload):
            shown.append(f"{name[:40]!r}=file {value.name[:40]!r} ({len(value.content)} bytes)")
        else:
            shown.append(
                f"{name[:40]!r}={value[:40]!r}" + (f"... ({len(value)} characters)" if len(value) > 40 else "")
            )
    return ", ".join(shown) or "nothing"


def _example(
    client: Client, form: Form, pairs: list[tuple[str, Any]], baseline: dict[str, int], allowed: set[str]
) -> None:
    """Post ``pairs``, in a savepoint rolled back afterwards; a refusal must have written nothing."""
    cookies = copy.deepcopy(client.cookies)  # a sign-out in the example must not stick
    with transaction.atomic():
        before = _touched()
        try:
            response = _post(client, form, pairs)
        except Exception as error:  # the test client raises what the view raised: a 500
            raise AssertionError(f"500 ({type(error).__name__}: {error}) for {_summary(pairs)}") from error
        assert response.status_code < 500, f"{response.status_code} for {_summary(pairs)}"
        if _refused(response):
            changed = _changed(baseline, before, allowed)
            assert not changed, f"refused ({response.status_code}) but wrote {changed} for {_summary(pairs)}"
        transaction.set_rollback(True)
    client.cookies = cookies


def fuzz(form: Form, client: Client, strategies: list[Any], examples: int) -> None:
    """Each strategy's examples posted to ``form``, every one from the same rows (each is rolled back)."""
    allowed = {
        table for start, tables in COUNTED_ON_REFUSAL.items() if form.route.startswith(start) for table in tables
    }
    baseline = _counts(_tables())  # every example starts here: each is rolled back
    for strategy in strategies:
        # Hypothesis reads the source of the function it runs for every run (its seed and its key),
        # so the function is kept to one line.
        @settings(
            max_examples=examples,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
            phases=[Phase.generate],  # the first failure as found: shrinking would post it many times over
        )
        @given(pairs=strategy)
        def one(pairs: list[tuple[str, Any]]) -> None:
            _example(client, form, pairs, baseline, allowed)

        one()


def _as(sessions: dict[str, SimpleCookie], role: str) -> Client:
    """A client as ``role`` ("" for a visitor), on the session the module signed in for that role.

    Every POST made with it is rolled back, the session's row included, and ``fuzz`` puts the
    cookies back after each example, so each form starts from the session as it was signed in.
    """
    client = Client(raise_request_exception=False)
    if role:
        client.cookies = copy.deepcopy(sessions[role])
    return client


def targets(found: Walk, users: dict[str, SimpleCookie]) -> tuple[dict[str, Form], dict[str, list[int]]]:
    """Every route that takes a POST, as a form to fuzz, and the routes nobody could reach.

    A form the walk read comes with its fields. A page reached without a form of its own is posted
    to as whoever reached it; if that is not refused as a wrong method (405), it is fuzzed with
    fields of any name. A route the walk never reached is tried with ids of the right shape, as
    each role: one that answers is fuzzed there too.
    """
    forms = dict(found.forms)
    unreached: dict[str, list[int]] = {}
    for route in sorted(set(found.routes) - set(forms) - set(UNREACHABLE)):
        path, role = found.reached.get(route, ("", ""))
        candidates = [role] if path else ["", *users]
        path = path or fill(route, found)
        statuses = []
        for who in candidates:
            with transaction.atomic():
                response = _as(users, who).post(path)
                transaction.set_rollback(True)
            statuses.append(response.status_code)
            signing_in = response.status_code == 302 and response["Location"].startswith(django_settings.LOGIN_URL)
            if response.status_code not in (403, 404, 405) and not signing_in:
                forms[route] = Form(route, path, path, who)
                break
        else:
            if not found.reached.get(route) and 405 not in statuses:
                unreached[route] = statuses
    return forms, unreached


@pytest.fixture(scope="module")
def posts(
    walk: tuple[Walk, dict[str, SimpleCookie]], django_db_blocker: Any
) -> tuple[dict[str, Form], dict[str, list[int]]]:
    with django_db_blocker.unblock():
        return targets(*walk)


def test_the_walk_reaches_every_route_that_takes_a_post(posts: tuple[dict[str, Form], dict[str, Any]], db: Any) -> None:
    forms, unreached = posts
    read = [form for form in forms.values() if form.fields]
    assert len(read) > 40 and len(forms) > 100, sorted(forms)
    assert not unreached, f"routes never reached by the walk nor with ids of the right shape: {unreached}"


def test_hostile_values_in_every_form(
    walk: tuple[Walk, dict[str, SimpleCookie]], posts: tuple[dict[str, Form], dict[str, Any]], db: Any
) -> None:
    _, sessions = walk
    for role in sessions:  # each role's session still signed in, or every form would refuse a visitor
        assert _as(sessions, role).get("/dashboard").status_code == 200, role
    only = os.environ.get("NPQ_FORM_FUZZ_ONLY", "")  # a part of a route, to fuzz one form while fixing it
    failures = []
    for route, form in sorted(posts[0].items()):
        if only not in route:
            continue
        client = _as(sessions, form.role)
        client.raise_request_exception = True
        strategies = hostile.submissions(form)
        try:
            fuzz(form, client, strategies, max(1, EXAMPLES // len(strategies)))
        except AssertionError as failure:  # every form's first failure, not only the first form's
            failures.append(f"{route} as {form.role or 'a visitor'}: {str(failure).splitlines()[0]}"[:3000])
    assert not failures, "\n\n".join(failures)


def test_the_strategies_reach_the_hostile_cases() -> None:
    form = Form("/x", "/x", "/x", "", False, {"name": hostile.Field("name", "text", ["ok"])})
    seen: list[Any] = []

    for strategy in hostile.submissions(form):

        @settings(max_examples=40, derandomize=True, database=None)
        @given(pairs=strategy)
        def collect(pairs: list[tuple[str, Any]]) -> None:
            seen.append(pairs)

        collect()
    values = [v for pairs in seen for _, v in pairs if isinstance(v, str)]
    assert any("\x00" in v for v in values) and any(re.search("[\ud800-\udfff]", v) for v in values)
    assert any(len(v) > 10_000 for v in values) and any(v.lstrip("-").isdigit() and len(v) > 19 for v in values)
    assert any(len([p for p in pairs if p[0] == "name"]) > 1 for pairs in seen)  # repeated keys
    assert any(not pairs for pairs in seen) and any(isinstance(v, hostile.Upload) for p in seen for _, v in p)


def test_the_check_sees_a_row_written_and_not_one_rolled_back(db: Any) -> None:
    baseline = _counts(_tables())
    before = _touched()
    with transaction.atomic():
        factories.make_user()
        transaction.set_rollback(True)
    assert _changed(baseline, before, set()) == {}
    factories.make_user()
    assert _changed(baseline, before, set()) == {"people_user": (baseline["people_user"], baseline["people_user"] + 1)}
    assert _changed(baseline, before, {"people_user"}) == {}
