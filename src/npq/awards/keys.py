"""The platform's Ed25519 signing key: read from settings, published by key id, rotated by changing it.

The private key lives only in ``NPQ_AWARDS_SIGNING_KEY`` (never in the database or an audit
event). Its public half is recorded in :class:`SigningKey` the first time it signs, under a key id
derived from the key, so after a rotation the old credentials still name a published key.
"""

import base64
import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from npq.awards import rules
from npq.awards.models import SigningKey
from npq.core import clock

# Published on purpose: anyone can sign as the development platform, which is why settings refuse
# to run outside development without a real key.
DEVELOPMENT_SEED = hashlib.sha256(b"NPQ Platform development awards key: not for production").digest()


def _private_key() -> Ed25519PrivateKey:
    configured = settings.NPQ_AWARDS_SIGNING_KEY.strip()
    if not configured:
        if settings.ENV != "development":
            raise ImproperlyConfigured("Set NPQ_AWARDS_SIGNING_KEY: award credentials need a signing key")
        return Ed25519PrivateKey.from_private_bytes(DEVELOPMENT_SEED)
    if configured.startswith("-----BEGIN"):
        key = serialization.load_pem_private_key(configured.encode(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ImproperlyConfigured("NPQ_AWARDS_SIGNING_KEY must be an Ed25519 key")
        return key
    seed = base64.urlsafe_b64decode(configured + "=" * (-len(configured) % 4))
    if len(seed) != 32:
        raise ImproperlyConfigured("NPQ_AWARDS_SIGNING_KEY must be 32 bytes in base64url, or a PEM")
    if seed == DEVELOPMENT_SEED and settings.ENV != "development":
        raise ImproperlyConfigured("The development awards key is refused outside development")
    return Ed25519PrivateKey.from_private_bytes(seed)


def raw_public(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def kid_of(public_key: bytes) -> str:
    return "key-" + hashlib.sha256(public_key).hexdigest()[:16]


def keys_url() -> str:
    return f"{settings.NPQ_PUBLIC_URL}/awards/keys"


def issuer_id() -> str:
    """The issuer is identified by its controller document, which lists every key it has used."""
    return keys_url()


def verification_method(kid: str) -> str:
    return f"{keys_url()}#{kid}"


def active_key() -> tuple[Ed25519PrivateKey, SigningKey]:
    """The key that signs now, with its published row (created on first use)."""
    private = _private_key()
    public = raw_public(private)
    row, _ = SigningKey.objects.get_or_create(
        kid=kid_of(public),
        defaults={"public_key_multibase": rules.multikey_of(public), "first_used_at": clock.now()},
    )
    return private, row


def verify(verification_method_id: str, signature: bytes, message: bytes) -> bool:
    """Whether ``signature`` over ``message`` was made by the published key the method names."""
    prefix = keys_url() + "#"
    if not verification_method_id.startswith(prefix):
        return False
    row = SigningKey.objects.filter(kid=verification_method_id[len(prefix) :]).first()
    if row is None:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(rules.public_key_of(row.public_key_multibase)).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True
