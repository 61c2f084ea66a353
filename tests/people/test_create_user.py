"""``create_user`` with a password already hashed (the demo hashes its one password once)."""

import pytest
from django.contrib.auth.hashers import make_password

from npq.core.audit import Actor
from npq.core.errors import ValidationFailed
from npq.core.models import AuditEvent
from npq.people.demo import DEMO_PASSWORD, demo_password_hash
from npq.people.models import Role, User
from npq.people.services import NewUser, create_user, create_users

pytestmark = pytest.mark.django_db
ACTOR = Actor.command("test")


def test_a_hashed_password_is_kept_and_signs_in_like_the_password():
    encoded = make_password("a long enough password")
    user = create_user(ACTOR, email="Ada@DfE.example", full_name="Ada", role=Role.DFE_ADMIN, password_hash=encoded)
    assert user.password == encoded and user.check_password("a long enough password")
    assert AuditEvent.objects.filter(action="user.created", object_id=str(user.pk)).count() == 1


def test_the_demo_password_is_hashed_once_and_checks():
    assert demo_password_hash() is demo_password_hash()
    user = create_user(
        ACTOR, email="d@dfe.example", full_name="D", role=Role.DFE_ADMIN, password_hash=demo_password_hash()
    )
    assert user.check_password(DEMO_PASSWORD)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"password_hash": "not a hash"}, "not one this service can check"),
        ({"password": "a long enough password", "password_hash": "md5$x$y"}, "not both"),
        ({}, "Staff sign in with a password"),
    ],
)
def test_a_password_hash_is_refused_when_it_cannot_be_checked_or_comes_with_a_password(fields, message):
    with pytest.raises(ValidationFailed, match=message):
        create_user(ACTOR, email="e@dfe.example", full_name="E", role=Role.DFE_ADMIN, **fields)


def test_many_at_once_are_made_as_one_by_one_with_an_event_each(django_assert_max_num_queries):
    people = [NewUser(email=f"P{n}@School.example", full_name=f"P {n}", role=Role.PARTICIPANT) for n in range(3)]
    with django_assert_max_num_queries(6):
        users = create_users(ACTOR, people)
    assert [u.email for u in User.objects.filter(pk__in=[u.pk for u in users]).order_by("pk")] == [
        f"p{n}@school.example" for n in range(3)
    ]
    assert not any(u.has_usable_password() for u in users)
    events = AuditEvent.objects.filter(action="user.created", object_id__in=[str(u.pk) for u in users])
    assert sorted(e.after["email"] for e in events) == [f"p{n}@school.example" for n in range(3)]


@pytest.mark.parametrize(
    "people",
    [
        [NewUser(email="same@school.example", full_name="A", role=Role.PARTICIPANT)] * 2,
        [NewUser(email="partner@school.example", full_name="B", role=Role.DELIVERY_PARTNER, password="long enough!")],
        [NewUser(email="staff@school.example", full_name="C", role=Role.DFE_ADMIN)],
    ],
)
def test_many_at_once_refuses_them_all_if_one_is_refused(people):
    with pytest.raises(ValidationFailed):
        create_users(ACTOR, [NewUser(email="first@school.example", full_name="F", role=Role.PARTICIPANT), *people])
    assert not User.objects.filter(email="first@school.example").exists()


def test_many_at_once_refuses_an_email_already_taken():
    create_users(ACTOR, [NewUser(email="taken@school.example", full_name="T", role=Role.PARTICIPANT)])
    with pytest.raises(ValidationFailed, match="taken@school.example"):
        create_users(ACTOR, [NewUser(email="Taken@school.example", full_name="T", role=Role.PARTICIPANT)])
