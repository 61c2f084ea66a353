"""Public checks of a certificate: by number or by an uploaded credential, rate limited, and the
status lists and keys a verifier elsewhere needs to check a credential without this page."""

import datetime as dt
import hashlib
import hmac
import time
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db import connection

from npq.awards import credentials, keys, rules
from npq.awards.models import Award, SigningKey
from npq.core import clock


class Answer(StrEnum):
    VALID = "valid"
    REVOKED = "revoked"
    UNKNOWN = "unknown"
    NOT_VALID = "not-valid"


@dataclass(frozen=True)
class Verification:
    """What the public page says: only the name, the qualification and the dates, never more."""

    answer: Answer
    problem: str = ""
    name: str = ""
    qualification: str = ""
    awarded_on: dt.date | None = None
    revoked_on: dt.date | None = None


def _of(award: Award) -> Verification:
    revoked = award.revoked_at.date() if award.revoked_at else None
    return Verification(
        Answer.REVOKED if revoked else Answer.VALID,
        name=award.name,
        qualification=award.course.name,
        awarded_on=award.awarded_on,
        revoked_on=revoked,
    )


def check_number(text: str) -> Verification:
    number = rules.normalise_certificate_number(text)
    if number is None:
        return Verification(Answer.NOT_VALID, "This is not a certificate number: check it against the certificate")
    award = Award.objects.select_related("course").filter(certificate_number=number).first()
    return _of(award) if award else Verification(Answer.UNKNOWN, "No certificate has this number")


def check_credential(content: bytes) -> Verification:
    checked = credentials.check(content)
    if checked.problem:
        return Verification(Answer.NOT_VALID, checked.problem)
    uuid = (checked.credential_id or "").removeprefix("urn:uuid:")
    award = Award.objects.select_related("course").filter(uuid=uuid).first() if len(uuid) == 36 else None
    if award is None:
        return Verification(Answer.UNKNOWN, "The credential is signed by this service but no award matches it")
    return _of(award)


def allow_check(address: str) -> bool:
    """Count one check for the client in the current fixed window; False once over the limit.

    The address is kept only as a keyed hash. Uses the wall clock so the sandbox clock cannot
    reset the window."""
    window = settings.NPQ_VERIFY_RATE_WINDOW_SECONDS
    now = int(time.time())
    start = now - now % window
    client = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO awards_verificationwindow (client, window_start, count) VALUES (%s, %s, 1) "
            "ON CONFLICT (client, window_start) DO UPDATE SET count = awards_verificationwindow.count + 1 "
            "RETURNING count",
            [client, start],
        )
        (count,) = cur.fetchone()
    return bool(count <= settings.NPQ_VERIFY_RATE_LIMIT)


def status_list_credential(list_number: int) -> dict[str, Any]:
    """The signed W3C Bitstring Status List credential: bit n set means the award with status
    index n of this list is revoked."""
    low = (list_number - 1) * rules.STATUS_LIST_SIZE
    revoked = Award.objects.filter(
        pk__gte=max(low, 1), pk__lt=low + rules.STATUS_LIST_SIZE, revoked_at__isnull=False
    ).values_list("pk", flat=True)
    url = credentials.status_list_url(list_number)
    document = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": keys.issuer_id(),
        "validFrom": clock.now().astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": rules.encode_status_list({pk - low for pk in revoked}),
        },
    }
    return credentials.sign(document, clock.now())


def published_keys() -> dict[str, Any]:
    """The controller document of every key that has signed (Multikey, as Data Integrity expects)."""
    keys.active_key()  # the key in use is published before it signs anything
    methods = [
        {
            "id": keys.verification_method(k.kid),
            "type": "Multikey",
            "controller": keys.issuer_id(),
            "publicKeyMultibase": k.public_key_multibase,
        }
        for k in SigningKey.objects.order_by("first_used_at", "id")
    ]
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": keys.issuer_id(),
        "verificationMethod": methods,
        "assertionMethod": [m["id"] for m in methods],
    }
