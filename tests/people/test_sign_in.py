import re

import pytest
from django.core import mail

from npq.core.models import AuditEvent
from npq.people.models import OneTimeCode, Role, SignInAttempt, User
from npq.people.services import CodeNotSent, SignInFailed, send_sign_in_code, sign_in_with_code
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


def test_a_new_request_does_not_cancel_the_code_already_sent_and_signing_in_spends_both():
    send_sign_in_code("a@example.org")
    first = code_from_last_email()
    send_sign_in_code("a@example.org")
    second = code_from_last_email()
    sign_in_with_code("a@example.org", first, "")  # the earlier code still works
    for used in (first, second):
        with pytest.raises(SignInFailed):
            sign_in_with_code("a@example.org", used, "")


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


def test_codes_per_email_address_are_limited_and_the_page_says_when_the_next_can_be_sent(client, settings):
    settings.NPQ_CODES_PER_EMAIL_HOUR = 3
    for _ in range(50):
        response = client.post("/sign-in/code", {"step": "email", "email": "victim@school.example"})
    run_jobs()
    assert len(mail.outbox) == 3 and OneTimeCode.objects.count() == 3
    assert h1(response) == "Check your email"
    text = " ".join(response.content.decode().split())
    assert "We did not send another code" in text and "You can ask for a new code after" in text
    first = re.search(r"Your code is (\d{6})", mail.outbox[0].body).group(1)
    signed_in = client.post("/sign-in/code", {"step": "code", "email": "victim@school.example", "code": first})
    assert signed_in.status_code == 302  # the flood did not cancel the first code


def test_codes_per_client_address_are_limited(settings):
    settings.NPQ_CODES_PER_ADDRESS_HOUR = 4
    for n in range(4):
        send_sign_in_code(f"person{n}@school.example", "198.51.100.7")
    with pytest.raises(CodeNotSent) as refused:
        send_sign_in_code("another@school.example", "198.51.100.7")
    assert refused.value.next_at > OneTimeCode.objects.order_by("created_at").first().created_at
    send_sign_in_code("another@school.example", "198.51.100.8")  # a different address is not held up


def test_failures_from_one_address_behind_the_load_balancer_lock_that_address_not_everyone(
    client, reference, make_user, settings
):
    from django.test import Client

    from tests.conftest import PASSWORD

    settings.NPQ_TRUSTED_PROXIES = 1
    balancer = "10.0.0.5"  # every request reaches the service from the load balancer
    attacker = Client(REMOTE_ADDR=balancer, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.66")
    for n in range(20):
        attacker.post("/sign-in", {"email": f"random{n}@example.org", "password": "wrong"})
    user = make_user(Role.DFE_ADMIN)
    colleague = Client(REMOTE_ADDR=balancer, HTTP_X_FORWARDED_FOR="192.0.2.10")
    assert colleague.post("/sign-in", {"email": user.email, "password": PASSWORD}).status_code == 302
    locked = attacker.post("/sign-in", {"email": user.email, "password": PASSWORD})
    assert "Too many failed attempts" in error_summary(locked)[0]
    assert set(SignInAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.66", "192.0.2.10"}


def test_one_address_cannot_lock_someone_out_of_their_account(reference, make_user, settings):
    from npq.people.services import SignInLocked, sign_in_with_password
    from tests.conftest import PASSWORD

    user = make_user(Role.DFE_ADMIN)
    for _ in range(settings.NPQ_LOGIN_MAX_FAILURES):
        with pytest.raises(SignInFailed):
            sign_in_with_password(None, user.email, "wrong", "203.0.113.66")
    with pytest.raises(SignInLocked):
        sign_in_with_password(None, user.email, PASSWORD, "203.0.113.66")
    assert sign_in_with_password(None, user.email, PASSWORD, "192.0.2.10") == user


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/sign-in", {"email": "long" * 100 + "@example.org", "password": "x"}),
        ("/sign-in/code", {"email": "long" * 100 + "@example.org"}),
        ("/sign-in/code", {"step": "code", "email": "long" * 100 + "@example.org", "code": "123456"}),
    ],
)
def test_an_email_longer_than_any_address_is_refused_on_the_form(client, path, data):
    """Found by the form fuzzing on PostgreSQL: a 1,000-character email overflowed the attempts
    column (500); SQLite does not check lengths, so the suite on SQLite never saw it."""
    page = client.post(path, data)
    assert page.status_code == 400
    assert "Email address must be 254 characters or fewer" in error_summary(page)
    assert not SignInAttempt.objects.exists() and not OneTimeCode.objects.exists()
