"""CSV upload of declarations on the provider's pages: the API's checks per row, nothing declared twice."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from npq.declarations.models import Declaration
from npq.people.models import Role
from tests.conftest import error_summary, html

pytestmark = pytest.mark.django_db
HEADER = "participant_id,declaration_type,declaration_date,course_identifier,delivery_partner_id\n"


def csv_file(text):
    return SimpleUploadedFile("declarations.csv", text.encode(), content_type="text/csv")


def test_each_row_is_checked_like_the_api_and_a_second_upload_declares_nothing(world, make_user, client_as):
    client = client_as(make_user(Role.LEAD_PROVIDER, provider=world.provider.name))
    ok, late = world.new_participant(), world.new_participant()
    partner = world.partner.ecf_id
    text = (
        HEADER
        + f"{ok.user.ecf_id},started,2026-02-01T09:00:00Z,npq-headship,{partner}\n"
        + f"{late.user.ecf_id},started,2026-02-01,npq-headship,{partner}\n"
    )
    page = client.post("/declarations/upload", {"file": csv_file(text)})
    assert page.status_code == 200
    cells = [row.select("td")[2].get_text() for row in html(page).select("tbody tr")]
    assert cells[0] == "Declared" and cells[1].startswith("declaration_date:")
    again = client.post("/declarations/upload", {"file": csv_file(text)})
    assert [row.select("td")[2].get_text() for row in html(again).select("tbody tr")][
        0
    ] == "Already declared: nothing changed"
    assert Declaration.objects.count() == 1


def test_a_file_without_the_columns_is_refused_whole(world, make_user, client_as):
    client = client_as(make_user(Role.LEAD_PROVIDER, provider=world.provider.name))
    assert error_summary(client.post("/declarations/upload", {})) == ["Select a CSV file of declarations"]
    page = client.post("/declarations/upload", {"file": csv_file("name\nx\n")})
    assert page.status_code == 400
    assert error_summary(page)[0].startswith("The selected file must have the columns: participant_id")
