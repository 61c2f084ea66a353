"""Staff user management: invite by email, choose a password from the link, role, deactivate."""

import re
from typing import Any

import pytest
from django.core import mail as django_mail
from django.test import Client

from npq.core.models import AuditEvent, SentEmail
from npq.people.models import Role, User
from npq.reference.models import DeliveryPartner, LeadProvider
from tests.conftest import error_summary, h1, html, run_jobs


@pytest.fixture
def admin(make_user: Any) -> User:
    return make_user(Role.DFE_ADMIN, full_name="Dana Admin")


def _invite(client: Client, **fields: str) -> Any:
    data = {"full_name": "Ola Officer", "email": "Ola@DfE.example", "role": "finance_officer"} | fields
    return client.post("/staff/invite", data)


def test_invite_emails_a_link_that_sets_the_password_once(admin: User, client_as: Any, settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = _invite(client_as(admin))
    invited = User.objects.get(email="ola@dfe.example")
    assert response.status_code == 302 and response["Location"] == f"/staff/{invited.pk}"
    assert invited.role == Role.FINANCE_OFFICER and not invited.has_usable_password()
    assert AuditEvent.objects.filter(action="user.invited", object_id=str(invited.pk)).exists()
    assert SentEmail.objects.get(to="ola@dfe.example").kind == "staff_invitation"

    run_jobs()
    link = re.search(r"http\S+/invitation/\S+", django_mail.outbox[-1].body)
    assert link is not None
    path = "/" + link.group(0).split("/", 3)[3]
    visitor = Client()
    assert h1(visitor.get(path)) == "Choose your password"
    short = visitor.post(path, {"password": "short", "password_again": "short"})
    assert short.status_code == 400 and "too short" in " ".join(error_summary(short))
    done = visitor.post(path, {"password": "a long enough phrase", "password_again": "a long enough phrase"})
    assert done.status_code == 302 and done["Location"] == "/dashboard"
    invited.refresh_from_db()
    assert invited.check_password("a long enough phrase") and invited.last_login is not None
    assert AuditEvent.objects.filter(action="user.password_chosen", object_id=str(invited.pk)).exists()
    # The link works once: the password it set invalidates it.
    again = Client().get(path)
    assert again.status_code == 404 and h1(again) == "This invitation link does not work"


@pytest.mark.parametrize("path", ["/invitation/xx/yy", "/invitation/MQ/not-a-token", "/invitation/%00/1-2"])
def test_a_bad_link_is_a_page_not_an_error(db: Any, path: str) -> None:
    assert Client().get(path).status_code == 404


def test_invite_shows_every_error_at_once(admin: User, client_as: Any) -> None:
    response = client_as(admin).post("/staff/invite", {"email": "not an email", "role": "participant"})
    assert response.status_code == 400
    assert error_summary(response) == [
        "Enter the person's full name",
        "Enter an email address in the correct format, like name@example.com",
        "Select the person's role",
    ]


def test_provider_roles_need_the_right_organisation(admin: User, client_as: Any) -> None:
    provider = LeadProvider.objects.create(name="Staff test provider")
    partner = DeliveryPartner.objects.create(name="Staff test partner")
    client = client_as(admin)
    missing = _invite(client, role="lead_provider")
    assert error_summary(missing) == ["Select the lead provider this person works for"]
    # A partner that does not deliver for the provider is refused, so access cannot widen.
    wrong = _invite(
        client, role="delivery_partner", lead_provider=str(provider.ecf_id), delivery_partner=str(partner.ecf_id)
    )
    assert error_summary(wrong) == ["Staff test partner does not deliver for Staff test provider"]
    ok = _invite(client, role="lead_provider", lead_provider=str(provider.ecf_id), email="p@provider.example")
    assert ok.status_code == 302
    assert User.objects.get(email="p@provider.example").lead_provider == provider


def test_duplicate_email_is_refused_beside_the_field(admin: User, client_as: Any) -> None:
    response = _invite(client_as(admin), email=admin.email)
    assert error_summary(response) == [f"Someone with the email {admin.email} already has an account"]
    assert html(response).select_one("#email-error") is not None


def test_list_shows_role_organisation_and_last_sign_in(admin: User, make_user: Any, client_as: Any) -> None:
    make_user(Role.FINANCE_APPROVER, full_name="Abi Approver")
    make_user(Role.PARTICIPANT, full_name="Pat Participant")
    page = html(client_as(admin).get("/staff?q=abi"))
    rows = [r.get_text(" ", strip=True) for r in page.select("tbody tr")]
    assert len(rows) == 1 and "DfE finance approver" in rows[0] and "Never" in rows[0]
    everyone = html(client_as(admin).get("/staff")).get_text(" ")
    assert "Pat Participant" not in everyone  # participants are not staff


def test_deactivate_needs_confirmation_then_blocks_sign_in(admin: User, make_user: Any, client_as: Any) -> None:
    officer = make_user(Role.FINANCE_OFFICER, email="officer@dfe.example")
    client = client_as(admin)
    page = client.get(f"/staff/{officer.pk}/active")
    assert "will no longer be able to sign in" in html(page).get_text(" ")
    unconfirmed = client.post(f"/staff/{officer.pk}/active", {})
    assert unconfirmed.status_code == 400 and error_summary(unconfirmed) == ["Confirm that you want to go ahead"]
    officer.refresh_from_db()
    assert officer.is_active
    done = client.post(f"/staff/{officer.pk}/active", {"confirm": "yes"}, follow=True)
    assert "deactivated: they can no longer sign in" in html(done).get_text(" ")
    officer.refresh_from_db()
    assert not officer.is_active
    assert AuditEvent.objects.filter(action="user.deactivated", object_id=str(officer.pk)).exists()
    refused = Client().post("/sign-in", {"email": "officer@dfe.example", "password": "correct-horse-battery-staple"})
    assert refused.status_code != 302
    client.post(f"/staff/{officer.pk}/active", {"confirm": "yes"})
    officer.refresh_from_db()
    assert officer.is_active
    assert AuditEvent.objects.filter(action="user.reactivated", object_id=str(officer.pk)).exists()


def test_change_role_is_audited_and_an_admin_cannot_lock_themselves_out(
    admin: User, make_user: Any, client_as: Any
) -> None:
    officer = make_user(Role.FINANCE_OFFICER)
    client = client_as(admin)
    client.post(f"/staff/{officer.pk}", {"role": "finance_approver"})
    officer.refresh_from_db()
    assert officer.role == Role.FINANCE_APPROVER
    event = AuditEvent.objects.get(action="user.role_changed", object_id=str(officer.pk))
    assert event.before["role"] == "finance_officer" and event.after["role"] == "finance_approver"
    own = client.post(f"/staff/{admin.pk}", {"role": "inspector"})
    assert error_summary(own) == ["You cannot change your own role: ask another DfE admin"]
    own_off = client.post(f"/staff/{admin.pk}/active", {"confirm": "yes"})
    assert own_off.status_code == 400
    admin.refresh_from_db()
    assert admin.role == Role.DFE_ADMIN and admin.is_active


def test_participants_are_not_found_on_staff_pages(admin: User, make_user: Any, client_as: Any) -> None:
    participant = make_user(Role.PARTICIPANT)
    assert client_as(admin).get(f"/staff/{participant.pk}").status_code == 404
