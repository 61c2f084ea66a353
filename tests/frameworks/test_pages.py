import io

import pytest

from npq.frameworks.models import Curriculum, Framework
from npq.people.models import Role
from tests.conftest import error_summary, h1, html
from tests.frameworks.conftest import SMALL
from tests.frameworks.test_curricula import CURRICULUM
from tests.frameworks.test_yaml_characters import nested_aliases

pytestmark = pytest.mark.django_db


def test_2017_framework_is_browsable(demo_data, make_user, client_as):
    client = client_as(make_user(Role.INSPECTOR))
    fw = Framework.objects.get(key="npq-2017")
    response = client.get(f"/frameworks/{fw.pk}")
    assert response.status_code == 200
    text = html(response).get_text(" ", strip=True)
    for expected in [
        "NPQML",
        "NPQEL",
        "6. Increasing capability",
        "Respect",
        "4,500 words",
        "2,500 words",
        "placement of at least 9 days",
        "6.3.1",
        "Project 2 (placement school)",
        "Not official wording",
    ]:
        assert expected in text, expected
    page = client.get(f"/frameworks/{fw.pk}?qualification=NPQML")
    assert "6.3.1" not in page.content.decode() and "Hold others to account" in page.content.decode()


def test_provider_sees_only_own_curricula(demo_data, make_user, client_as):
    client = client_as(make_user(Role.LEAD_PROVIDER, provider="Teach First"))
    listing = client.get("/curricula")
    assert "Teach First" in listing.content.decode() and "Ambition Institute" not in listing.content.decode()
    ambition = Curriculum.objects.get(lead_provider__name="Ambition Institute")
    assert client.get(f"/curricula/{ambition.pk}").status_code == 404
    assert client.get(f"/curricula/{ambition.pk}/coverage.csv").status_code == 404


def test_coverage_page_and_csv_show_real_gaps(demo_data, make_user, client_as):
    client = client_as(make_user(Role.LEAD_PROVIDER, provider="Ambition Institute"))
    cur = Curriculum.objects.get(lead_provider__name="Ambition Institute")
    response = client.get(f"/curricula/{cur.pk}")
    page = html(response)
    assert page.select_one("#coverage-total").get_text(strip=True) == "18 of 20 statements covered (90%)"
    assert "npqh-implementation-how is assessed in session 6" in page.select_one("#sequencing").get_text()
    assert "npqh-governance-and-accountability-how" in response.content.decode()
    csv_response = client.get(f"/curricula/{cur.pk}/coverage.csv")
    assert csv_response["Content-Type"].startswith("text/csv")
    rows = csv_response.content.decode().splitlines()
    assert sum(1 for r in rows if ",no," in r) == 2


def test_provider_uploads_a_curriculum_and_bad_file_shows_every_problem(demo_data, make_user, client_as):
    client = client_as(make_user(Role.LEAD_PROVIDER, provider="Teach First"))
    bad = io.BytesIO(CURRICULUM.replace("npqh-teaching-that", "npqh-nope").replace("face_to_face", "bus").encode())
    bad.name = "bad.yaml"
    response = client.post("/curricula/upload", {"file": bad})
    assert response.status_code == 400
    assert error_summary(response) == [
        "Line 9, modules[0].sessions[0].mode: must be one of self_study, face_to_face, live_video, coaching, not 'bus'",
        "Line 18, modules[1].sessions[0].teaches[0]: 'npqh-nope' is not a statement id, "
        "not npq-reformed version 1 NPQH",
    ]
    assert html(response).title.get_text().startswith("Error: ")
    good = io.BytesIO(CURRICULUM.encode())
    good.name = "good.yaml"
    response = client.post("/curricula/upload", {"file": good})
    assert response.status_code == 302
    cur = Curriculum.objects.get(lead_provider__name="Teach First", file_name="good.yaml")
    assert cur.uploaded_by is not None and cur.uploaded_via == "page"
    assert client.post("/curricula/upload", {}).status_code == 400


def test_an_upload_whose_aliases_stand_for_billions_of_values_is_refused_on_the_page(demo_data, make_user, client_as):
    client = client_as(make_user(Role.LEAD_PROVIDER, provider="Teach First"))
    upload = io.BytesIO(nested_aliases(12).encode())
    upload.name = "laughs.yaml"
    response = client.post("/curricula/upload", {"file": upload})
    assert response.status_code == 400
    [problem] = error_summary(response)
    assert problem.startswith("Line 1, l5[") and problem.endswith("too large: more than 200,000 values")
    assert not Curriculum.objects.filter(file_name="laughs.yaml").exists()


def test_admin_loads_publishes_and_reviews(demo_data, make_user, client_as):
    client = client_as(make_user(Role.DFE_ADMIN))
    draft = Framework.objects.get(key="npq-reformed", version=2)
    diff = client.get(f"/frameworks/{draft.pk}/diff")
    assert h1(diff) == "Changes from version 1 to version 2"
    assert "12 added, 0 removed, 1 changed" in diff.content.decode()
    impact = client.get(f"/frameworks/{draft.pk}/impact")
    text = html(impact).get_text(" ", strip=True)
    assert "Ambition Institute" in text and "Teach First" in text and "npqh-review-send" in text
    bad = io.BytesIO(SMALL.replace("word_limit: 2500", "word_limit: lots").encode())
    bad.name = "bad.yaml"
    response = client.post("/frameworks/load", {"file": bad})
    assert response.status_code == 400
    assert error_summary(response) == ["Line 24, tasks[0].word_limit: must be a positive whole number, not 'lots'"]
    good = io.BytesIO(SMALL.encode())
    good.name = "tiny.yaml"
    assert client.post("/frameworks/load", {"file": good}).status_code == 302
    confirm = client.get(f"/frameworks/{draft.pk}/publish")
    assert confirm.status_code == 200 and "cannot be changed or unpublished" in html(confirm).get_text(" ")
    unconfirmed = client.post(f"/frameworks/{draft.pk}/publish", {})
    assert error_summary(unconfirmed) == ["Confirm that you want to publish this version"]
    draft.refresh_from_db()
    assert draft.status == "draft"
    published = client.post(f"/frameworks/{draft.pk}/publish", {"confirm": "yes"}, follow=True)
    assert f"Published {draft.key} version {draft.version}" in html(published).get_text(" ")
    draft.refresh_from_db()
    assert draft.status == "published"
    assert client.post(f"/frameworks/{draft.pk}/publish", {"confirm": "yes"}).status_code == 400


@pytest.mark.parametrize(
    ("role", "path", "status"),
    [
        (Role.LEAD_PROVIDER, "/frameworks/{draft}/publish", 403),
        (Role.INSPECTOR, "/frameworks/{draft}/publish", 403),
        (Role.LEAD_PROVIDER, "/frameworks/{draft}/impact", 403),
        (Role.INSPECTOR, "/frameworks/{draft}/impact", 200),
        (Role.INSPECTOR, "/curricula/upload", 403),
        (Role.DFE_ADMIN, "/curricula/upload", 403),
        (Role.PARTICIPANT, "/frameworks", 403),
        (Role.INSPECTOR, "/curricula", 200),
        (Role.LEAD_PROVIDER, "/frameworks", 200),
    ],
)
def test_roles(demo_data, make_user, client_as, role, path, status):
    draft = Framework.objects.get(key="npq-reformed", version=2)
    provider = "Ambition Institute" if role == Role.LEAD_PROVIDER else None
    client = client_as(make_user(role, provider=provider))
    assert client.get(path.format(draft=draft.pk)).status_code == status


def test_inspector_cannot_load_a_framework(demo_data, make_user, client_as):
    client = client_as(make_user(Role.INSPECTOR))
    good = io.BytesIO(SMALL.encode())
    good.name = "tiny.yaml"
    assert client.post("/frameworks/load", {"file": good}).status_code == 403
    assert not Framework.objects.filter(key="tiny").exists()


def test_dashboard_links(demo_data, make_user, client_as):
    response = client_as(make_user(Role.LEAD_PROVIDER, provider="Ambition Institute")).get("/dashboard")
    hrefs = [a["href"] for a in html(response).select("a")]
    assert "/frameworks" in hrefs and "/curricula" in hrefs
