"""Open Badges 3.0 credentials for awards, secured with a Data Integrity proof (``eddsa-jcs-2022``).

Why an embedded proof rather than a JWT: the credential stays a readable JSON document that
Open Badges wallets and validators accept as is, and JCS (RFC 8785) canonicalisation has one
right answer with no JSON-LD processing or network fetches of contexts (``eddsa-rdfc-2022``
needs both). The signature is Ed25519 over SHA-256(JCS(proof options)) || SHA-256(JCS(document)).
"""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

import rfc8785
from django.conf import settings

from npq.awards import keys, rules
from npq.awards.models import Award

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
CRYPTOSUITE = "eddsa-jcs-2022"
MAX_CREDENTIAL_BYTES = 64 * 1024


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def status_list_url(list_number: int) -> str:
    return f"{settings.NPQ_PUBLIC_URL}/awards/status/{list_number}"


def verification_url(certificate_number: str) -> str:
    return f"{settings.NPQ_PUBLIC_URL}/awards/verify?number={rules.display_certificate_number(certificate_number)}"


def _hash_data(document: dict[str, Any], proof_options: dict[str, Any]) -> bytes:
    return hashlib.sha256(rfc8785.dumps(proof_options)).digest() + hashlib.sha256(rfc8785.dumps(document)).digest()


def sign(document: dict[str, Any], created: dt.datetime) -> dict[str, Any]:
    """The document with an ``eddsa-jcs-2022`` proof by the active key."""
    private, key = keys.active_key()
    options = {
        "@context": document["@context"],
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": _iso(created),
        "verificationMethod": keys.verification_method(key.kid),
        "proofPurpose": "assertionMethod",
    }
    signature = private.sign(_hash_data(document, options))
    return {**document, "proof": {**options, "proofValue": "z" + rules.base58btc_encode(signature)}}


def award_document(award: Award, framework_label: str) -> dict[str, Any]:
    """The unsigned Open Badges 3.0 credential of an award (no email or TRN: a name and a course)."""
    list_number, index = rules.status_position(award.status_index)
    qualification = award.course.name
    return {
        "@context": CONTEXTS,
        "id": f"urn:uuid:{award.uuid}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {
            "id": keys.issuer_id(),
            "type": ["Profile"],
            "name": "Department for Education: National Professional Qualifications",
        },
        "validFrom": _iso(award.issued_at),
        "name": qualification,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": award.name}
            ],
            "activityEndDate": f"{award.awarded_on.isoformat()}T00:00:00Z",
            "source": {
                "id": f"urn:uuid:{award.lead_provider.ecf_id}",
                "type": ["Profile"],
                "name": award.lead_provider.name,
            },
            "achievement": {
                "id": f"{settings.NPQ_PUBLIC_URL}/awards/achievements/{award.course.identifier}",
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": qualification,
                "description": f"The {qualification}, a National Professional Qualification for teachers and leaders "
                f"in England, assessed against {framework_label}.",
                "criteria": {"narrative": "Passed the qualification's assessment, confirmed by the lead provider."},
                "version": framework_label,
            },
        },
        "credentialStatus": {
            "id": f"{status_list_url(list_number)}#{index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(index),
            "statusListCredential": status_list_url(list_number),
        },
    }


def serialise(credential: dict[str, Any]) -> str:
    return json.dumps(credential, indent=2, ensure_ascii=False)


@dataclass(frozen=True)
class Checked:
    """A credential's signature is ours and intact (``credential_id`` names it), or it is not (``problem``)."""

    credential_id: str | None
    problem: str


def check(text: str | bytes) -> Checked:
    """Verify a credential's proof against the published keys. Never raises on bad input."""
    if len(text) > MAX_CREDENTIAL_BYTES:
        return Checked(None, "The file is too large to be a certificate credential")
    try:
        document = json.loads(text)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return Checked(None, "The file is not a credential (it is not JSON)")
    proof = document.get("proof") if isinstance(document, dict) else None
    if not isinstance(proof, dict) or proof.get("cryptosuite") != CRYPTOSUITE:
        return Checked(None, "The credential has no proof this service can check")
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    value, method = proof.get("proofValue"), proof.get("verificationMethod")
    if (
        options.get("type") != "DataIntegrityProof"
        or options.get("proofPurpose") != "assertionMethod"
        or options.get("@context", unsecured.get("@context")) != unsecured.get("@context")
        or not isinstance(value, str)
        or not value.startswith("z")
        or not isinstance(method, str)
    ):
        return Checked(None, "The credential's proof is not in the expected form")
    try:
        signature = rules.base58btc_decode(value[1:])
        message = _hash_data(unsecured, options)
    except (ValueError, TypeError, RecursionError, rfc8785.CanonicalizationError):
        return Checked(None, "The credential's proof is not in the expected form")
    if not keys.verify(method, signature, message):
        return Checked(None, "The signature does not match: the credential was changed or not issued by this service")
    credential_id = unsecured.get("id")
    return Checked(credential_id if isinstance(credential_id, str) else None, "")
