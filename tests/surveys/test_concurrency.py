"""One answer per link when the same link is submitted many times at once (PostgreSQL, threads)."""

import threading

import pytest
from django.db import IntegrityError, connection

from npq.core.errors import Conflict
from npq.surveys.models import Answer, Invitation, Response
from npq.surveys.services import answering
from tests.surveys.conftest import build_group, open_survey, token_of

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def group(transactional_db):
    """Its own group: these tests commit, so they cannot share the module transaction."""
    return build_group("concurrency")


def test_twelve_simultaneous_submissions_from_one_link_store_one_response(group):
    survey = open_survey(session=group["session"])
    token = token_of(survey.invitations.first())
    barrier = threading.Barrier(12)
    outcomes: list[str] = []
    lock = threading.Lock()

    def submit(n: int) -> None:
        try:
            link = answering.open_link(token)
            barrier.wait()
            answering.save_page(link, link.pages[0], {"useful": ["agree"], "facilitator": [str(1 + n % 5)]}, True)
            outcome = "saved"
        except Conflict:
            outcome = "refused"
        except IntegrityError:
            outcome = "integrity"
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert outcomes.count("saved") == 1, outcomes
    assert len(outcomes) == 12 and "integrity" not in outcomes
    assert Response.objects.count() == 1
    assert Answer.objects.filter(question__key="useful").count() == 1
    assert Invitation.objects.filter(responded_at__isnull=False).count() == 1


def test_the_database_refuses_a_second_response_for_one_link(group):
    survey = open_survey()
    Response.objects.create(survey=survey, answer_key="k" * 64)
    with pytest.raises(IntegrityError):
        Response.objects.create(survey=survey, answer_key="k" * 64)
