"""Pages: the participant's certificates, the public check and the Department's record."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from npq.api.tokens import create_token
from npq.awards import services
from npq.awards.models import Award
from npq.core.audit import Actor
from npq.people.models import Role
from tests.api.conftest import ApiClient
from tests.awards.conftest import passed_once
from tests.conftest import error_summary, h1, html

# Every test here starts from one passed participant, made once for the module.
world, passed = passed_once()


@pytest.fixture
def award(passed):
    return Award.objects.get(participant=passed.participant)


def test_participant_downloads_their_certificate_and_credential(award, client_as):
    client = client_as(award.participant)
    page = client.get("/awards/mine")
    assert h1(page) == "Your certificates" and award.display_number in page.content.decode()
    links = [a["href"] for a in html(page).select("a[download]")]
    pdf = client.get(links[0])
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    credential = client.get(links[1])
    assert credential.content.decode() == award.credential
    dashboard = client.get("/dashboard")
    assert "/awards/mine" in dashboard.content.decode()


def test_nobody_else_downloads_it(award, client_as, make_user, world):
    other = client_as(make_user(Role.PARTICIPANT))
    assert other.get(f"/awards/mine/{award.certificate_number}/certificate.pdf").status_code == 404
    assert other.get(f"/awards/mine/{award.certificate_number}/credential.json").status_code == 404
    assert "Ambition" not in other.get("/awards/mine").content.decode()
    provider = client_as(make_user(Role.LEAD_PROVIDER, provider="Ambition Institute"))
    assert provider.get("/awards/mine").status_code == 403
    assert Client().get("/awards/mine").status_code == 302


def _answer(response):
    return html(response).select_one("#result").get_text(" ", strip=True)


def test_check_by_number_valid_revoked_unknown_and_malformed(award):
    client = Client()
    valid = client.get("/awards/verify", {"number": award.display_number.lower()})
    assert valid.status_code == 200 and "Valid certificate" in _answer(valid)
    shown = _answer(valid)
    assert "Zoë Łukasiewicz" in shown and "5 February 2026" in shown and "Ambition" not in shown
    assert "Certificate not found" in _answer(client.get("/awards/verify", {"number": "0000-0000-0000-0000"}))
    assert "Not valid" in _answer(client.get("/awards/verify", {"number": "Zoë Łukasiewicz"}))
    empty = client.get("/awards/verify", {"number": ""})
    assert empty.status_code == 400 and error_summary(empty) == ["Enter the certificate number"]
    services.revoke_award(award.certificate_number, Actor.command("test"), "Awarded in error")
    revoked = _answer(client.get("/awards/verify", {"number": award.display_number}))
    assert "Revoked certificate" in revoked and "revoked on 10 March 2026" in revoked


def test_check_by_upload(award):
    client = Client()
    good = client.post("/awards/verify", {"credential": SimpleUploadedFile("c.json", award.credential.encode())})
    assert "Valid certificate" in _answer(good)
    tampered = award.credential.replace('"Headship"', '"Headshiq"', 1).encode()
    bad = client.post("/awards/verify", {"credential": SimpleUploadedFile("c.json", tampered)})
    assert bad.status_code == 200 and "Not valid" in _answer(bad)
    missing = client.post("/awards/verify", {})
    assert missing.status_code == 400 and error_summary(missing) == ["Select the credential file"]
    huge = client.post("/awards/verify", {"credential": SimpleUploadedFile("c.json", b"x" * 300_000)})
    assert huge.status_code == 413 and "Not valid" in _answer(huge)


@override_settings(NPQ_VERIFY_RATE_LIMIT=3)
def test_checks_are_rate_limited_per_address(award):
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(3):
        assert client.get("/awards/verify", {"number": award.display_number}).status_code == 200
    limited = client.get("/awards/verify", {"number": award.display_number})
    assert limited.status_code == 429 and "Too many checks" in limited.content.decode()
    assert Client(REMOTE_ADDR="203.0.113.10").get("/awards/verify", {"number": "x"}).status_code == 200
    assert client.get("/awards/verify").status_code == 200  # the empty form is not a check


@override_settings(NPQ_VERIFY_RATE_LIMIT=2, NPQ_TRUSTED_PROXIES=1)
def test_checks_behind_the_load_balancer_are_counted_per_client(db):
    """Behind the balancer every request comes from its address: the client is the one it forwarded."""
    balancer = "10.0.0.2"
    first = Client(REMOTE_ADDR=balancer, HTTP_X_FORWARDED_FOR="198.51.100.7")
    for _ in range(2):
        assert first.get("/awards/verify", {"number": "NPQ-1"}).status_code == 200
    assert first.get("/awards/verify", {"number": "NPQ-1"}).status_code == 429
    # A client cannot escape its count by writing its own X-Forwarded-For entry in front.
    spoofed = Client(REMOTE_ADDR=balancer, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    assert spoofed.get("/awards/verify", {"number": "NPQ-1"}).status_code == 429
    other = Client(REMOTE_ADDR=balancer, HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert other.get("/awards/verify", {"number": "NPQ-1"}).status_code == 200


def test_keys_and_status_list_are_published(award):
    keys = Client().get("/awards/keys").json()
    assert keys["verificationMethod"][0]["publicKeyMultibase"].startswith("z6Mk")
    status = Client().get("/awards/status/1").json()
    assert status["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert Client().get("/awards/status/0").status_code == 404


def test_department_record_list_filters_and_csv(award, world, client_as, make_user):
    admin = client_as(world.admin)
    page = admin.get("/awards/record", {"lead_provider": world.provider.pk})
    assert award.display_number in page.content.decode()
    other = admin.get("/awards/record", {"lead_provider": world.other_provider.pk})
    assert "No awards match" in other.content.decode()
    assert admin.get("/awards/record", {"cohort": "nonsense"}).status_code == 200
    response = admin.get("/awards/record.csv", {"course": world.course.pk})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(r["certificate_number"], r["trn"], r["status"]) for r in rows] == [
        (award.display_number, "1234567", "awarded")
    ]
    assert client_as(award.participant).get("/awards/record").status_code == 403
    provider = client_as(make_user(Role.LEAD_PROVIDER, provider="Ambition Institute"))
    assert provider.get("/awards/record.csv").status_code == 403


def test_api_outcomes_show_the_award(award, world):
    _token, text = create_token(world.provider, Actor.command("test"))
    data = ApiClient(text).get("/api/v3/participants/npq/outcomes").json()["data"]
    shown = data[0]["attributes"]["award"]
    assert shown["certificate_number"] == award.display_number and shown["status"] == "awarded"
    assert shown["awarded_on"] == "2026-02-05" and shown["revoked_on"] is None
