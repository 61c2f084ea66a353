import pytest

from npq.awards import rules
from npq.awards.rules import Action


@pytest.mark.parametrize(
    ("outcome", "live", "in_force", "from_this", "action", "reason"),
    [
        ("passed", True, False, False, Action.AWARD, "The participant passed and the completed declaration was made"),
        ("passed", True, True, True, Action.NOTHING, "Already awarded"),
        ("passed", True, True, False, Action.NOTHING, "Already awarded"),
        ("passed", False, True, True, Action.REVOKE, "The completed declaration was voided"),
        ("voided", False, True, True, Action.REVOKE, "The completed declaration was voided"),
        ("failed", True, True, True, Action.REVOKE, "The outcome was changed to failed"),
        ("voided", True, True, True, Action.REVOKE, "The outcome was voided"),
        ("failed", True, True, False, Action.NOTHING, "No award to change"),
        ("failed", True, False, False, Action.NOTHING, "No award to change"),
        (None, True, False, False, Action.NOTHING, "No award to change"),
        ("passed", False, False, False, Action.NOTHING, "No award to change"),
    ],
)
def test_assess_award(outcome, live, in_force, from_this, action, reason):
    assert rules.assess_award(outcome, live, in_force, from_this) == rules.Decision(action, reason)


NUMBER = rules.new_certificate_number(bytes(range(10)))


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (NUMBER, NUMBER),
        (rules.display_certificate_number(NUMBER).lower(), NUMBER),
        (" ".join(NUMBER[i : i + 4] for i in range(0, 16, 4)), NUMBER),
        (NUMBER[:-1], None),  # too short
        (NUMBER + "0", None),  # too long
        (NUMBER[:5] + ("A" if NUMBER[5] != "A" else "B") + NUMBER[6:], None),  # a typo fails the check symbol
        ("U" * 16, None),  # outside the alphabet
        ("x" * 500, None),
        ("", None),
    ],
)
def test_normalise_certificate_number(typed, stored):
    assert rules.normalise_certificate_number(typed) == stored


def test_typed_o_and_i_read_as_zero_and_one():
    number = rules.new_certificate_number(b"\0" * 10)
    assert rules.normalise_certificate_number(number.replace("0", "O").replace("1", "I")) == number


@pytest.mark.parametrize("data", [b"", b"\0", b"\0\0\x01", b"hello world", bytes(range(256))])
def test_base58_round_trip(data):
    assert rules.base58btc_decode(rules.base58btc_encode(data)) == data


def test_base58_known_value():
    assert rules.base58btc_encode(b"hello world") == "StV1DL6CwTryKyV"


def test_multikey_of_an_ed25519_key_starts_z6mk():
    key = bytes(32)
    assert rules.multikey_of(key).startswith("z6Mk") and rules.public_key_of(rules.multikey_of(key)) == key


@pytest.mark.parametrize("revoked", [set(), {0}, {7, 8, 131_071}])
def test_status_list_sets_exactly_the_revoked_bits(revoked):
    encoded = rules.encode_status_list(revoked)
    assert encoded.startswith("u") and encoded == rules.encode_status_list(revoked)
    for index in {0, 1, 7, 8, 9, 131_071}:
        assert rules.status_bit(encoded, index) == (index in revoked)


def test_status_position():
    assert rules.status_position(5) == (1, 5)
    assert rules.status_position(131_072 + 3) == (2, 3)
