"""Bodies written as the Department's contract describes them are accepted."""

from npq.declarations.schemas import ChangePartnerBody


def test_change_delivery_partner_accepts_the_contracts_participant_and_declaration_type():
    body = ChangePartnerBody.model_validate(
        {
            "data": {
                "type": "participant-declaration",
                "attributes": {
                    "participant_id": "db3a7848-7308-4879-942a-c4a70ced400a",
                    "declaration_type": "completed",
                    "delivery_partner_id": "524df095-f9bf-4f9d-ba4c-772545a99e60",
                },
            }
        }
    )
    assert body.data.attributes.delivery_partner_id == "524df095-f9bf-4f9d-ba4c-772545a99e60"
