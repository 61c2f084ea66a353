"""List pages and the API list ask the database a fixed number of questions, however many
curricula there are (coverage is computed for all of them together, not one at a time)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from ninja import NinjaAPI
from ninja.testing import TestClient

from npq.frameworks import queries
from npq.frameworks.api import router
from npq.frameworks.models import Curriculum, Framework, Statement
from npq.people.models import Role
from tests.conftest import html
from tests.frameworks.test_api import FakeTokens
from tests.frameworks.test_curricula import upload
from tests.modulewide import fresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipped(shipped_once, reference):
    """The shipped frameworks, loaded once for this module: every test here starts from them."""
    return fresh(shipped_once)


PROVIDERS = ["Ambition Institute", "Teach First"]


def curriculum_for(code: str, n: int) -> str:
    fw = Framework.objects.get(key="npq-reformed", version=1)
    sids = list(Statement.objects.filter(framework=fw, qualifications__code=code).values_list("sid", flat=True))
    return f"""\
framework: npq-reformed
version: 1
qualification: {code}
name: {code} design {n}
modules:
  - title: Module
    sessions:
      - {{title: First, mode: face_to_face, teaches: [{sids[0]}], assesses: [{sids[-1]}]}}
      - {{title: Second, mode: coaching, teaches: [{sids[-1]}]}}
"""


def make_curricula(count: int, provider: str = "Ambition Institute") -> None:
    """``count`` curricula for one provider, one per qualification of npq-reformed v1 (each a
    different latest curriculum), each with coverage and a sequencing problem to compute."""
    fw = Framework.objects.get(key="npq-reformed", version=1)
    have = set(Curriculum.objects.filter(lead_provider__name=provider).values_list("qualification__code", flat=True))
    codes = [q.code for q in fw.qualifications.order_by("position") if q.code not in have]
    for n, code in enumerate(codes[: count - len(have)]):
        upload(provider, curriculum_for(code, n))
    assert Curriculum.objects.filter(lead_provider__name=provider).count() == count


def count_queries(do) -> int:
    with CaptureQueriesContext(connection) as ctx:
        do()
    return len(ctx.captured_queries)


def test_coverages_of_many_is_the_same_as_one_at_a_time(shipped):
    make_curricula(10)
    curricula = list(Curriculum.objects.select_related("framework", "qualification"))
    together = queries.coverages_of(curricula)
    for cur in curricula:
        assert together[cur.pk] == queries.coverage_of(cur)
        assert together[cur.pk].sequencing  # assessed in session 1, taught in session 2
    assert count_queries(lambda: queries.coverages_of(curricula)) == count_queries(
        lambda: queries.coverages_of(curricula[:2])
    )


def test_api_list_queries_do_not_grow_with_curricula(shipped):
    api = NinjaAPI(auth=FakeTokens(), urls_namespace="frameworks-count-test")
    api.add_router("/curricula", router)
    client = TestClient(api)
    headers = {"Authorization": "Bearer Ambition-Institute"}

    def listing() -> None:
        response = client.get("/curricula", headers=headers)
        assert response.status_code == 200

    make_curricula(2)
    two = count_queries(listing)
    make_curricula(10)
    assert len(client.get("/curricula", headers=headers).json()["data"]) == 10
    assert count_queries(listing) == two


@pytest.mark.parametrize("role", [Role.DFE_ADMIN, Role.LEAD_PROVIDER])
def test_curricula_page_queries_do_not_grow_with_curricula(shipped, make_user, client_as, role):
    client = client_as(make_user(role, provider="Ambition Institute" if role == Role.LEAD_PROVIDER else None))

    def page() -> None:
        assert client.get("/curricula").status_code == 200

    make_curricula(2)
    two = count_queries(page)
    make_curricula(10)
    make_curricula(3, provider="Teach First")
    rows = html(client.get("/curricula")).select("tbody tr")
    assert len(rows) == (13 if role == Role.DFE_ADMIN else 10)
    assert all(" of " in row.find_all("td")[-1].get_text() for row in rows)
    assert count_queries(page) == two


def test_review_impact_page_queries_do_not_grow_with_curricula(shipped, make_user, client_as):
    client = client_as(make_user(Role.DFE_ADMIN))
    draft = Framework.objects.get(key="npq-reformed", version=2)

    def page() -> None:
        assert client.get(f"/frameworks/{draft.pk}/impact").status_code == 200

    make_curricula(2)
    two = count_queries(page)
    make_curricula(10)
    make_curricula(5, provider="Teach First")
    assert len(queries.impact_of(draft)) == 15
    assert count_queries(page) == two
