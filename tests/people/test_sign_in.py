import re

import pytest
from django.core import mail

from npq.core.models import AuditEvent
from npq.people.models import OneTimeCode, Role, SignInAttempt, User
from npq.people.services import SignInFailed, send_sign_in_code, sign_in_with_code
from tests.conftest import error_summary, h1, run_jobs

pytestmark = pytest.mark.django_db


def code_from_last_email() -> str:
    run_jobs()
    match = re.search(r"Your code is (\d{6})", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_participant_signs_in_with_an_emailed_code_and_gets_an_account(client):
    response = client.post("/sign-in/code", {"step": "email", "email": "New.Teacher@School.example"})
    assert h1(response) == "Check your email"
    run_jobs()
    assert mail.outbox[-1].to == ["new.teacher@school.example"]
    response = client.post(
        "/sign-in/code", {"step": "code", "email": "new.teacher@school.example", "code": code_from_last_email()}
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.teacher@school.example")
    assert user.role == Role.PARTICIPANT and not user.has_usable_password()
    assert AuditEvent.objects.filter(action="user.created", object_id=str(user.pk)).exists()
    assert h1(client.get("/dashboard")) == "Participant dashboard"


def test_only_a_hash_of_the_code_is_stored():
    send_sign_in_code("a@example.org")
    code = code_from_last_email()
    assert code not in OneTimeCode.objects.get().code_hash


def test_wrong_code_is_refused_and_counted(client):
    send_sign_in_code("a@example.org")
    response = client.post("/sign-in/code", {"step": "code", "email": "a@example.org", "code": "000000"})
    assert response.status_code == 400
    assert "not correct or has expired" in error_summary(response)[0]
    assert OneTimeCode.objects.get().attempts == 1
    assert SignInAttempt.objects.filter(succeeded=False, method="code").count() == 1


def test_a_code_works_once_and_a_new_code_replaces_the_old():
    send_sign_in_code("a@example.org")
    first = code_from_last_email()
    send_sign_in_code("a@example.org")
    second = code_from_last_email()
    if first != second:
        with pytest.raises(SignInFailed):
            sign_in_with_code("a@example.org", first, "")
    sign_in_with_code("a@example.org", second, "")
    with pytest.raises(SignInFailed):
        sign_in_with_code("a@example.org", second, "")


def test_expired_code_is_refused(settings):
    settings.NPQ_OTP_MINUTES = 0
    send_sign_in_code("a@example.org")
    with pytest.raises(SignInFailed):
        sign_in_with_code("a@example.org", code_from_last_email(), "")


def test_staff_cannot_use_codes(reference, make_user):
    admin = make_user(Role.DFE_ADMIN)
    send_sign_in_code(admin.email)
    with pytest.raises(SignInFailed, match="Staff sign in with a password"):
        sign_in_with_code(admin.email, code_from_last_email(), "")


def test_malformed_email_gets_a_gov_uk_message(client):
    response = client.post("/sign-in/code", {"step": "email", "email": "not-an-email"})
    assert error_summary(response) == ["Enter an email address in the correct format, like name@example.com"]
    assert not mail.outbox


def test_participant_cannot_sign_in_with_password(client, make_user):
    user = make_user(Role.PARTICIPANT)
    user.set_password("a-password-123")
    user.save()
    response = client.post("/sign-in", {"email": user.email, "password": "a-password-123"})
    assert response.status_code == 400


def test_sign_in_redirect_refuses_other_sites(client, reference, make_user):
    from tests.conftest import PASSWORD

    user = make_user(Role.INSPECTOR)
    response = client.post("/sign-in", {"email": user.email, "password": PASSWORD, "next": "https://evil.example/"})
    assert response["Location"] == "/dashboard"
