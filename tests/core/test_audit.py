import pytest
from django.db import transaction

from npq.core import audit
from npq.core.models import AuditEvent
from npq.people.models import Role
from npq.people.services import create_user
from npq.reference.models import LeadProvider
from tests.conftest import h1, html

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)
def test_record_refuses_to_run_outside_a_transaction(reference):
    provider = LeadProvider.objects.first()
    with pytest.raises(RuntimeError, match="outside a transaction"):
        audit.record(audit.Actor.system(), "x.changed", provider)


def test_a_rolled_back_change_leaves_no_event(reference):
    provider = LeadProvider.objects.first()
    with pytest.raises(ValueError), transaction.atomic():
        audit.record(audit.Actor.system(), "x.changed", provider)
        raise ValueError
    assert not AuditEvent.objects.filter(action="x.changed").exists()


def test_admin_reads_the_history_of_one_record(client_as, reference, make_user):
    admin = make_user(Role.DFE_ADMIN)
    user = create_user(
        audit.Actor.person(admin),
        email="new@dfe.example",
        full_name="New Person",
        role="inspector",
        password="long-enough-pass",
    )
    response = client_as(admin).get(f"/audit?object_type=people.user&object_id={user.pk}")
    assert h1(response) == "Audit trail"
    rows = html(response).select("tbody tr")
    assert len(rows) == 1
    text = rows[0].get_text(" ", strip=True)
    assert admin.email in text and "user.created" in text and "role: inspector" in text


def test_audit_list_paginates(client_as, reference, make_user):
    admin = make_user(Role.DFE_ADMIN)
    response = client_as(admin).get("/audit")
    assert html(response).select_one(".govuk-pagination__next")  # reference data gave hundreds of events
    second = client_as(admin).get("/audit?page=2")
    assert len(html(second).select("tbody tr")) == 50
