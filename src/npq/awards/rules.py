"""Award policy and the encodings certificates and credentials need, as pure functions.

No Django, clock or I/O: the services pass in what they read (the current outcome, whether the
completed declaration is live, the award in force) and the random bytes a new number needs.
"""

import base64
import gzip
import re
from dataclasses import dataclass
from enum import StrEnum

# Crockford's base 32: no I, L, O or U, so a number read aloud or typed from paper is unambiguous.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_TYPO = str.maketrans({"O": "0", "I": "1", "L": "1"})
NUMBER_BODY = 15  # 15 symbols of 5 bits (75 bits of chance) and one check symbol
_NUMBER_SHAPE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{16}$")

# The W3C Bitstring Status List: at least 16KB (131,072 entries) per list, so that a list's size
# says nothing about how many awards exist.
STATUS_LIST_SIZE = 131_072


class Action(StrEnum):
    AWARD = "award"
    REVOKE = "revoke"
    NOTHING = "nothing"


@dataclass(frozen=True)
class Decision:
    action: Action
    reason: str


def assess_award(
    outcome_state: str | None, declaration_live: bool, award_in_force: bool, award_from_this_declaration: bool
) -> Decision:
    """What a change to a completed declaration's current outcome means for the participant's award.

    ``outcome_state`` is the declaration's latest outcome (passed, failed, voided or none);
    ``award_in_force`` says an unrevoked award exists for the participant and course, and
    ``award_from_this_declaration`` that it was made from this declaration (another provider's
    declaration changing never revokes an award this one did not make)."""
    if outcome_state == "passed" and declaration_live:
        if award_in_force:
            return Decision(Action.NOTHING, "Already awarded")
        return Decision(Action.AWARD, "The participant passed and the completed declaration was made")
    if not (award_in_force and award_from_this_declaration):
        return Decision(Action.NOTHING, "No award to change")
    if not declaration_live:
        return Decision(Action.REVOKE, "The completed declaration was voided")
    if outcome_state == "failed":
        return Decision(Action.REVOKE, "The outcome was changed to failed")
    return Decision(Action.REVOKE, "The outcome was voided")


def _check_symbol(body: str) -> str:
    total = sum((i + 1) * ALPHABET.index(c) for i, c in enumerate(body))
    return ALPHABET[total % 32]


def new_certificate_number(random_bytes: bytes) -> str:
    """A certificate number from at least 10 random bytes: 15 symbols and a check symbol."""
    if len(random_bytes) < 10:
        raise ValueError("A certificate number needs at least 10 random bytes")
    value = int.from_bytes(random_bytes[:10], "big")
    body = "".join(ALPHABET[(value >> (5 * i)) & 31] for i in range(NUMBER_BODY))
    return body + _check_symbol(body)


def normalise_certificate_number(text: str) -> str | None:
    """The number in its stored form (16 symbols, no spaces or hyphens), or None when it cannot be
    one: wrong length, a letter outside the alphabet, or a check symbol that does not match (a typo)."""
    if len(text) > 40:
        return None
    compact = re.sub(r"[\s-]", "", text).upper().translate(_TYPO)
    if not _NUMBER_SHAPE.match(compact) or _check_symbol(compact[:NUMBER_BODY]) != compact[NUMBER_BODY]:
        return None
    return compact


def display_certificate_number(number: str) -> str:
    """``ABCD-EFGH-JKMN-PQRS``: groups of four, as printed on the certificate."""
    return "-".join(number[i : i + 4] for i in range(0, len(number), 4))


_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def base58btc_encode(data: bytes) -> str:
    value = int.from_bytes(data, "big")
    out = ""
    while value:
        value, rest = divmod(value, 58)
        out = _B58[rest] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def base58btc_decode(text: str) -> bytes:
    """Raises ValueError on a character outside the alphabet."""
    value = 0
    for char in text:
        index = _B58.find(char)
        if index < 0:
            raise ValueError("not base58")
        value = value * 58 + index
    body = value.to_bytes((value.bit_length() + 7) // 8, "big") if value else b""
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


# A Multikey is the multicodec prefix for an Ed25519 public key (0xed 0x01) and the 32 key bytes.
_ED25519_PUB = b"\xed\x01"


def multikey_of(public_key: bytes) -> str:
    return "z" + base58btc_encode(_ED25519_PUB + public_key)


def public_key_of(multikey: str) -> bytes:
    raw = base58btc_decode(multikey[1:]) if multikey.startswith("z") else b""
    if len(raw) != 34 or not raw.startswith(_ED25519_PUB):
        raise ValueError("not an Ed25519 Multikey")
    return raw[2:]


def encode_status_list(revoked: set[int], size: int = STATUS_LIST_SIZE) -> str:
    """The ``encodedList`` of a Bitstring Status List: GZIP of the bits (index 0 is the first,
    most significant bit), multibase base64url without padding. ``mtime=0`` keeps it reproducible."""
    bits = bytearray(size // 8)
    for index in revoked:
        if not 0 <= index < size:
            raise ValueError(f"Status index {index} is outside the list")
        bits[index // 8] |= 0x80 >> (index % 8)
    packed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).decode().rstrip("=")


def status_bit(encoded_list: str, index: int) -> bool:
    packed = base64.urlsafe_b64decode(encoded_list[1:] + "=" * (-len(encoded_list[1:]) % 4))
    bits = gzip.decompress(packed)
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def status_position(award_index: int) -> tuple[int, int]:
    """(list number from 1, index within the list) for an award's status index."""
    return award_index // STATUS_LIST_SIZE + 1, award_index % STATUS_LIST_SIZE
