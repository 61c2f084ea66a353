"""The Django admin is read-mostly for frameworks: published and retired content cannot be changed
there, nothing is added there, and a draft's wording can be corrected (audited)."""

import pytest

from npq.core.models import AuditEvent
from npq.frameworks.models import Curriculum, Framework, Statement
from npq.people.models import Role
from tests.conftest import html
from tests.frameworks.test_curricula import CURRICULUM, upload
from tests.modulewide import fresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipped(shipped_once, reference):
    """The shipped frameworks, loaded once for this module: every test here starts from them."""
    return fresh(shipped_once)


ADMIN = "/django-admin/frameworks"


@pytest.fixture
def admin_client(make_user, client_as):
    return client_as(make_user(Role.DFE_ADMIN))


def editable_fields(response):
    """Names of the fields a person can change on an admin change page."""
    form = html(response).select(
        "#content-main form input:not([type=hidden]), #content-main form textarea, #content-main form select"
    )
    return {f.get("name") for f in form if f.get("name") not in (None, "_save", "_continue", "_addanother")}


def test_every_model_is_listed_and_nothing_can_be_added(shipped, admin_client):
    upload("Ambition Institute", CURRICULUM)
    for model in [
        "framework",
        "qualification",
        "contentarea",
        "statement",
        "behaviour",
        "assessmenttask",
        "criterion",
        "curriculum",
    ]:
        assert admin_client.get(f"{ADMIN}/{model}/").status_code == 200, model
        assert admin_client.get(f"{ADMIN}/{model}/add/").status_code == 403, model


@pytest.mark.parametrize("status", ["published", "retired"])
def test_published_and_retired_versions_are_read_only(shipped, admin_client, status):
    fw = Framework.objects.filter(status=status).first() or Framework.objects.get(key="npq-reformed", version=1)
    if fw.status != status:
        Framework.objects.filter(pk=fw.pk).update(status=status)
    statement = Statement.objects.filter(framework=fw).first()
    for url in [f"{ADMIN}/framework/{fw.pk}/change/", f"{ADMIN}/statement/{statement.pk}/change/"]:
        page = admin_client.get(url)
        assert page.status_code == 200
        editable = editable_fields(page)
        assert editable == set(), (url, editable)
        assert "Save" not in page.content.decode()
    before = statement.text
    response = admin_client.post(f"{ADMIN}/statement/{statement.pk}/change/", {"text": "Rewritten", "official": "on"})
    assert response.status_code == 403
    assert Statement.objects.get(pk=statement.pk).text == before
    assert admin_client.post(f"{ADMIN}/framework/{fw.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Framework.objects.filter(pk=fw.pk).exists()


def test_a_drafts_wording_can_be_corrected_with_an_audit_event(shipped, admin_client):
    draft = Framework.objects.get(key="npq-reformed", version=2)
    assert draft.is_draft
    statement = Statement.objects.filter(framework=draft).first()
    old_text = statement.text
    page = admin_client.get(f"{ADMIN}/statement/{statement.pk}/change/")
    editable = editable_fields(page)
    assert editable >= {"text", "official"} and not editable & {"sid", "framework", "kind", "content_area"}
    response = admin_client.post(
        f"{ADMIN}/statement/{statement.pk}/change/", {"text": "Corrected wording", "official": ""}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    statement.refresh_from_db()
    assert statement.text == "Corrected wording" and statement.official is False
    event = AuditEvent.objects.get(action="statement.edited_in_admin", object_id=str(statement.pk))
    assert event.before["text"] == old_text and event.after["text"] == "Corrected wording"
    # status and key are never editable, even on a draft: publishing goes through the service
    fw_page = admin_client.get(f"{ADMIN}/framework/{draft.pk}/change/")
    fw_editable = editable_fields(fw_page)
    assert "name" in fw_editable and not fw_editable & {"status", "key", "version", "file_sha256"}


def test_only_an_unused_draft_can_be_deleted(shipped, admin_client):
    draft = Framework.objects.get(key="npq-reformed", version=2)
    statement = Statement.objects.filter(framework=draft).first()
    assert admin_client.post(f"{ADMIN}/statement/{statement.pk}/delete/", {"post": "yes"}).status_code == 403
    response = admin_client.post(f"{ADMIN}/framework/{draft.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert (
        not Framework.objects.filter(pk=draft.pk).exists()
        and not Statement.objects.filter(framework_id=draft.pk).exists()
    )
    assert AuditEvent.objects.filter(action="framework.deleted_in_admin", object_id=str(draft.pk)).exists()


def test_curricula_are_read_only(shipped, admin_client):
    cur = upload("Ambition Institute", CURRICULUM)
    page = admin_client.get(f"{ADMIN}/curriculum/{cur.pk}/change/")
    assert page.status_code == 200 and "Save" not in page.content.decode()
    assert admin_client.post(f"{ADMIN}/curriculum/{cur.pk}/change/", {"name": "x"}).status_code == 403
    assert admin_client.post(f"{ADMIN}/curriculum/{cur.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Curriculum.objects.get(pk=cur.pk).name == "Test NPQH"


def test_not_for_other_roles(shipped, make_user, client_as):
    inspector = client_as(make_user(Role.INSPECTOR))
    response = inspector.get(f"{ADMIN}/framework/")
    assert response.status_code == 302 and "/django-admin/login/" in response["Location"]
