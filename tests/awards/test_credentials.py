"""The credential is signed so that anyone can check it: verified here with `cryptography`'s
Ed25519 directly over bytes this test computes itself (RFC 8785 via the rfc8785 package, its own
base58 decoding), not with the code that signed it."""

import base64
import datetime as dt
import hashlib
import json

import pytest
import rfc8785
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.test import override_settings

from npq.awards import credentials, verification
from npq.awards.certificates import certificate_pdf
from npq.awards.models import Award, SigningKey
from npq.awards.verification import Answer
from tests.awards.conftest import passed_once

# Every test here starts from one passed participant, made once for the module.
world, passed = passed_once()

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58decode(text: str) -> bytes:
    n = 0
    for c in text:
        n = n * 58 + B58.index(c)
    return n.to_bytes(64, "big")  # an Ed25519 signature is 64 bytes


def public_key(keys_document: dict, method: str) -> Ed25519PublicKey:
    entry = next(m for m in keys_document["verificationMethod"] if m["id"] == method)
    n = 0
    for c in entry["publicKeyMultibase"][1:]:
        n = n * 58 + B58.index(c)
    raw = n.to_bytes(34, "big")
    assert raw[:2] == b"\xed\x01"
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def independent_check(text: str) -> None:
    """Raises InvalidSignature unless the eddsa-jcs-2022 proof holds."""
    document = json.loads(text)
    proof = document.pop("proof")
    value = proof.pop("proofValue")
    assert proof["cryptosuite"] == "eddsa-jcs-2022" and value[0] == "z"
    data = hashlib.sha256(rfc8785.dumps(proof)).digest() + hashlib.sha256(rfc8785.dumps(document)).digest()
    public_key(verification.published_keys(), proof["verificationMethod"]).verify(b58decode(value[1:]), data)


def test_the_credential_is_open_badges_3_and_verifies_independently(passed):
    award = Award.objects.get(participant=passed.participant)
    document = json.loads(award.credential)
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    subject = document["credentialSubject"]
    assert subject["achievement"]["name"] == "NPQ for Headship (NPQH)" or subject["achievement"]["name"]
    assert subject["identifier"][0]["identityHash"] == "Zoë Łukasiewicz"
    # No TRN, by name or by value, and no email; the proof is left out of the first check, as its random
    # signature can spell any three letters (a run failed on "...utrnb...").
    claims = json.dumps({k: v for k, v in document.items() if k != "proof"}).lower()
    assert passed.participant.trn == "1234567" and "trn" not in claims
    assert passed.participant.trn not in award.credential and passed.participant.email not in award.credential
    assert document["credentialStatus"]["statusListIndex"] == str(award.pk)
    independent_check(award.credential)
    assert verification.check_credential(award.credential.encode()).answer == Answer.VALID


def test_one_character_changed_fails(passed):
    award = Award.objects.get(participant=passed.participant)
    tampered = award.credential.replace("Zoë Łukasiewicz", "Zoë Łukasiewicy")
    assert tampered != award.credential
    result = verification.check_credential(tampered.encode())
    assert result.answer == Answer.NOT_VALID and "signature does not match" in result.problem
    with pytest.raises(Exception, match="InvalidSignature|^$"):
        independent_check(tampered)


def test_a_credential_signed_with_another_key_fails(passed):
    award = Award.objects.get(participant=passed.participant)
    document = json.loads(award.credential)
    document.pop("proof")
    other = base64.urlsafe_b64encode(Ed25519PrivateKey.generate().private_bytes_raw()).decode()
    with override_settings(NPQ_AWARDS_SIGNING_KEY=other):
        forged = credentials.sign(document, dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    SigningKey.objects.exclude(pk=award.signing_key_id).delete()  # a key we never published
    result = verification.check_credential(json.dumps(forged).encode())
    assert result.answer == Answer.NOT_VALID
    forged["proof"]["verificationMethod"] = json.loads(award.credential)["proof"]["verificationMethod"]
    assert verification.check_credential(json.dumps(forged).encode()).answer == Answer.NOT_VALID


def test_after_key_rotation_old_credentials_still_verify(world, passed):
    old = Award.objects.get(participant=passed.participant)
    new_key = base64.urlsafe_b64encode(Ed25519PrivateKey.generate().private_bytes_raw()).decode().rstrip("=")
    with override_settings(NPQ_AWARDS_SIGNING_KEY=new_key):
        from tests.awards.conftest import complete

        newer = complete(world, world.new_participant())
        award = Award.objects.get(participant=newer.participant)
    assert award.signing_key_id != old.signing_key_id and SigningKey.objects.count() == 2
    for credential in (old.credential, award.credential):
        independent_check(credential)
        assert verification.check_credential(credential.encode()).answer == Answer.VALID


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json",
        b"[]",
        b'{"proof": "x"}',
        b"{" * 5000,
        b'{"proof": {"cryptosuite": "eddsa-jcs-2022"}}',
        b"x" * 70_000,
    ],
)
def test_bad_files_are_not_valid(db, content):
    assert verification.check_credential(content).answer == Answer.NOT_VALID


def test_revocation_sets_the_status_bit_and_the_answer(world, passed):
    from npq.awards import rules, services
    from npq.core.audit import Actor

    award = Award.objects.get(participant=passed.participant)
    status = verification.status_list_credential(1)
    assert not rules.status_bit(status["credentialSubject"]["encodedList"], award.pk)
    independent_check(json.dumps(status))
    services.revoke_award(award.certificate_number, Actor.command("test"), "Awarded in error")
    status = verification.status_list_credential(1)
    assert rules.status_bit(status["credentialSubject"]["encodedList"], award.pk)
    result = verification.check_number(award.display_number)
    assert result.answer == Answer.REVOKED and result.revoked_on == dt.date(2026, 3, 10)
    assert verification.check_credential(award.credential.encode()).answer == Answer.REVOKED


def test_numbers_answer_valid_unknown_or_not_valid(passed):
    award = Award.objects.get(participant=passed.participant)
    valid = verification.check_number(award.display_number.lower())
    assert (valid.answer, valid.name, valid.awarded_on) == (Answer.VALID, "Zoë Łukasiewicz", dt.date(2026, 2, 5))
    assert verification.check_number("0000-0000-0000-0000").answer == Answer.UNKNOWN
    assert verification.check_number("hello").answer == Answer.NOT_VALID


def test_the_pdf_is_the_same_byte_for_byte(passed):
    import io

    from pypdf import PdfReader

    award = Award.objects.get(participant=passed.participant)
    first, second = certificate_pdf(award), certificate_pdf(Award.objects.get(pk=award.pk))
    assert first == second and first.startswith(b"%PDF")
    text = PdfReader(io.BytesIO(first)).pages[0].extract_text()
    for fact in ("Zoë Lukasiewicz", award.course.name, "5 February 2026", "Ambition Institute", award.display_number):
        assert fact in text
