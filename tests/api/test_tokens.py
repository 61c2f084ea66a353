import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection

from npq.api.auth import TOKEN_AND_COUNT
from npq.api.models import ApiToken, RateWindow
from npq.api.tokens import create_token, hash_token, revoke_token, rotate_token
from npq.core.audit import Actor
from npq.core.models import AuditEvent
from npq.people.models import Role
from npq.reference.models import LeadProvider
from tests.api.conftest import ApiClient
from tests.conftest import error_summary, html

pytestmark = pytest.mark.django_db
LIST = "/api/v3/npq-applications"


def provider(name="Ambition Institute"):
    return LeadProvider.objects.get(name=name)


def test_token_is_stored_only_as_hash_and_shown_once(reference, capsys):
    call_command("tokens", "create", "--provider", "Ambition Institute")
    out = capsys.readouterr().out
    text = out.strip().splitlines()[-1]
    token = ApiToken.objects.get()
    assert text.startswith("npq_") and text not in str(list(ApiToken.objects.values()))
    assert token.token_hash == hash_token(text)
    assert ApiClient(text).get(LIST).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert AuditEvent.objects.filter(action="api_token.created").exists()


def test_unknown_provider_is_a_clear_error(reference):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No lead provider called 'Nobody'"):
        call_command("tokens", "create", "--provider", "Nobody")


def test_rotation_keeps_old_token_during_overlap_then_expires(reference):
    old, old_text = create_token(provider(), Actor.command("test"))
    new, new_text = rotate_token(old, Actor.command("test"), overlap=dt.timedelta(days=7))
    assert ApiClient(old_text).get(LIST).status_code == 200
    assert ApiClient(new_text).get(LIST).status_code == 200
    ApiToken.objects.filter(pk=old.pk).update(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
    assert ApiClient(old_text).get(LIST).status_code == 401
    assert ApiClient(new_text).get(LIST).status_code == 200
    assert new.replaces_id == old.pk


def test_revoked_token_is_refused(reference):
    token, text = create_token(provider(), Actor.command("test"))
    revoke_token(token, Actor.command("test"))
    assert ApiClient(text).get(LIST).status_code == 401


def test_rate_limit_answers_429_with_retry_after(reference, settings):
    settings.NPQ_API_RATE_LIMIT = 3
    _token, text = create_token(provider(), Actor.command("test"))
    api = ApiClient(text)
    assert [api.get(LIST).status_code for _ in range(3)] == [200, 200, 200]
    limited = api.get(LIST)
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= settings.NPQ_API_RATE_WINDOW_SECONDS
    assert limited.json()["errors"][0]["title"] == "Too many requests"
    _other, other_text = create_token(provider(), Actor.command("test"))
    assert ApiClient(other_text).get(LIST).status_code == 200, "the limit is per token"
    assert RateWindow.objects.count() == 2


ON_POSTGRESQL = pytest.mark.skipif(connection.vendor != "postgresql", reason="synchronous_commit is PostgreSQL's")


def synchronous_commit() -> str:
    with connection.cursor() as cur:
        cur.execute("SELECT current_setting('synchronous_commit')")
        return str(cur.fetchone()[0])


@ON_POSTGRESQL
def test_counting_inside_a_transaction_leaves_its_commit_durable(reference):
    _token, text = create_token(provider(), Actor.command("test"))
    assert connection.in_atomic_block  # as the test runs: the request's statements join this transaction
    assert ApiClient(text).get(LIST).status_code == 200
    assert synchronous_commit() == "on"
    assert RateWindow.objects.get().count == 1


@ON_POSTGRESQL
def test_the_relaxed_count_turns_synchronous_commit_off_for_its_own_transaction_only(reference):
    token, text = create_token(provider(), Actor.command("test"))
    with connection.cursor() as cur:
        cur.execute(TOKEN_AND_COUNT[False], {"hash": hash_token(text), "now": dt.datetime.now(dt.UTC), "window": 1})
        assert cur.fetchone()[0] == token.pk
    assert synchronous_commit() == "off"  # until this (the test's) transaction ends


@ON_POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_on_its_own_the_count_commits_and_later_statements_stay_durable(reference):
    _token, text = create_token(provider(), Actor.command("test"))
    api = ApiClient(text)
    assert not connection.in_atomic_block
    assert [api.get(LIST).status_code for _ in range(2)] == [200, 200]
    assert RateWindow.objects.get().count == 2
    assert synchronous_commit() == "on"


def test_dfe_admin_revokes_from_the_tokens_page(reference, make_user, client_as):
    token, text = create_token(provider(), Actor.command("test"), label="Nightly sync")
    admin = client_as(make_user(Role.DFE_ADMIN))
    page = admin.get("/api/tokens")
    assert page.status_code == 200
    assert "Nightly sync" in html(page).select_one("table").get_text()
    assert text not in page.content.decode()
    confirm = admin.get(f"/api/tokens/{token.pk}/revoke")
    assert "The token stops working at once" in html(confirm).get_text(" ")
    unconfirmed = admin.post(f"/api/tokens/{token.pk}/revoke", {})
    assert unconfirmed.status_code == 400
    token.refresh_from_db()
    assert token.revoked_at is None
    response = admin.post(f"/api/tokens/{token.pk}/revoke", {"confirm": "yes"}, follow=True)
    assert "Token Nightly sync for Ambition Institute revoked" in html(response).get_text(" ")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ApiClient(text).get(LIST).status_code == 401


def test_tokens_page_is_for_dfe_only(reference, make_user, client_as):
    provider_user = client_as(make_user(Role.LEAD_PROVIDER, provider="Ambition Institute"))
    assert provider_user.get("/api/tokens").status_code == 403


def test_dfe_admin_creates_a_token_on_the_page_and_sees_it_once(reference, make_user, client_as):

    admin = client_as(make_user(Role.DFE_ADMIN))
    response = admin.post(
        "/api/tokens/create", {"lead_provider": str(provider().pk), "label": "Records system", "expires_days": "30"}
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    text = html(response).select_one("#token-text").get_text(strip=True)
    token = ApiToken.objects.get(token_hash=hash_token(text))
    assert (token.lead_provider, token.label) == (provider(), "Records system")
    assert token.expires_at is not None
    assert AuditEvent.objects.filter(action="api_token.created", object_id=str(token.pk)).exists()
    assert ApiClient(text).get(LIST).status_code == 200
    assert text not in admin.get("/api/tokens").content.decode()  # never shown again


def test_token_form_explains_mistakes(reference, make_user, client_as):
    admin = client_as(make_user(Role.DFE_ADMIN))
    response = admin.post("/api/tokens/create", {"lead_provider": "", "expires_days": "soon"})
    assert response.status_code == 400
    assert error_summary(response) == [
        "Select the lead provider the token is for",
        "Enter the days until it expires as a whole number from 1 to 730",
    ]
    assert not ApiToken.objects.exists()


def test_dfe_admin_rotates_a_token_with_an_overlap(reference, make_user, client_as):
    old, old_text = create_token(provider(), Actor.command("test"), label="Nightly sync")
    admin = client_as(make_user(Role.DFE_ADMIN))
    response = admin.post(f"/api/tokens/{old.pk}/rotate")
    assert response.status_code == 200
    new_text = html(response).select_one("#token-text").get_text(strip=True)
    new = ApiToken.objects.get(token_hash=hash_token(new_text))
    old.refresh_from_db()
    assert new.replaces == old and old.expires_at is not None and old.revoked_at is None
    assert ApiClient(old_text).get(LIST).status_code == 200  # still works during the overlap
    assert ApiClient(new_text).get(LIST).status_code == 200
    revoked = admin.post(f"/api/tokens/{old.pk}/revoke", {"confirm": "yes"})
    assert revoked.status_code == 302
    again = admin.post(f"/api/tokens/{old.pk}/rotate", follow=True)
    assert "is revoked and cannot be rotated" in again.content.decode()
