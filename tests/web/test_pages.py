import pytest

from npq.people.models import Role
from tests.conftest import PASSWORD, error_summary, h1, html

pytestmark = pytest.mark.django_db


def test_start_page_explains_registration_is_not_a_place(client):
    response = client.get("/")
    assert response.status_code == 200
    assert h1(response) == "Register and train for a National Professional Qualification"
    assert "Registering is not the same as a place" in response.content.decode()
    page = html(response)
    assert page.select_one("a.govuk-skip-link")["href"] == "#main-content"
    assert page.select_one(".govuk-phase-banner")


def test_unknown_page_is_a_gov_uk_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert h1(response) == "Page not found"


def test_dashboard_needs_sign_in(client):
    response = client.get("/dashboard")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in?next=/dashboard")


def test_staff_sign_in_with_wrong_password_shows_error_summary(client, reference, make_user):
    user = make_user(Role.DFE_ADMIN)
    response = client.post("/sign-in", {"email": user.email, "password": "wrong"})
    assert response.status_code == 400
    assert error_summary(response) == ["Enter a correct email address and password"]
    assert html(response).title.get_text().startswith("Error: ")


def test_staff_sign_in_then_dashboard_for_role(client, reference, make_user):
    user = make_user(Role.LEAD_PROVIDER, provider="Ambition Institute")
    response = client.post("/sign-in", {"email": user.email.upper(), "password": PASSWORD})
    assert response.status_code == 302
    response = client.get("/dashboard")
    assert h1(response) == "Lead provider user dashboard"
    assert "Ambition Institute" in response.content.decode()


def test_sign_in_is_locked_after_repeated_failures(client, reference, make_user, settings):
    settings.NPQ_LOGIN_MAX_FAILURES = 3
    user = make_user(Role.DFE_ADMIN)
    for _ in range(3):
        client.post("/sign-in", {"email": user.email, "password": "wrong"})
    response = client.post("/sign-in", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "Too many failed attempts" in error_summary(response)[0]


@pytest.mark.parametrize(
    ("role", "path", "status"),
    [
        (Role.PARTICIPANT, "/audit", 403),
        (Role.LEAD_PROVIDER, "/audit", 403),
        (Role.DFE_ADMIN, "/audit", 200),
        (Role.PARTICIPANT, "/reference/courses", 403),
        (Role.INSPECTOR, "/reference/courses", 200),
        (Role.LEAD_PROVIDER, "/reference/imports", 403),
    ],
)
def test_pages_check_the_role(client_as, reference, make_user, role, path, status):
    provider = "Teach First" if role == Role.LEAD_PROVIDER else None
    response = client_as(make_user(role, provider=provider)).get(path)
    assert response.status_code == status
    if status == 403:
        assert h1(response) == "You cannot see this page"


def test_accessibility_statement(client):
    response = client.get("/accessibility")
    assert h1(response) == "Accessibility statement"


def test_django_admin_is_for_dfe_admins_only(client_as, reference, make_user):
    assert client_as(make_user(Role.DFE_ADMIN)).get("/django-admin/reference/course/").status_code == 200
    response = client_as(make_user(Role.LEAD_PROVIDER, provider="Teach First")).get("/django-admin/reference/course/")
    assert response.status_code == 302 and "/django-admin/login/" in response["Location"]


def test_provider_sees_only_their_own_partnerships(client_as, reference, make_user):
    response = client_as(make_user(Role.LEAD_PROVIDER, provider="Teach First")).get("/reference/providers")
    headings = [h.get_text(strip=True) for h in html(response).select("main h2")]
    assert headings == ["Teach First"]


def test_school_search_finds_by_name_in_any_order_and_by_urn(client_as, reference, make_user):
    from npq.core.audit import Actor
    from npq.reference.demo import DATA
    from npq.reference.importing import import_schools
    from npq.reference.models import School

    import_schools(DATA / "gias-sample.csv", Actor.command("test"), execute=True)
    client = client_as(make_user(Role.INSPECTOR))
    school = School.objects.filter(name__contains="’s C of E").first()
    words = school.name.replace("’", "'").split()
    response = client.get("/reference/schools", {"q": f"{words[2]} {words[1]}"})
    assert school.name in response.content.decode()
    response = client.get("/reference/schools", {"q": school.urn})
    assert len(html(response).select("tbody tr")) == 1
    response = client.get("/reference/schools", {"q": "zzzz"})
    assert "No schools match" in response.content.decode()


def test_dashboards_show_figures_fit_for_the_role(client_as, reference, make_user):
    admin_page = html(client_as(make_user(Role.DFE_ADMIN)).get("/dashboard"))
    assert "active lead providers" in admin_page.select_one(".npq-figures").get_text(" ")
    assert any(a["href"] == "/audit" for a in admin_page.select("main a"))
    provider_page = html(client_as(make_user(Role.LEAD_PROVIDER, provider="Ambition Institute")).get("/dashboard"))
    figures = provider_page.select_one(".npq-figures").get_text(" ", strip=True)
    assert "3 delivery partners in 2026b" in figures
    assert not any(a["href"] == "/audit" for a in provider_page.select("main a"))
