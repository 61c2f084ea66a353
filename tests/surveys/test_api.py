"""Survey results through the Lead Provider API: the provider's own, suppressed as on the page and CSV."""

from django.test import Client

from npq.api.tokens import create_token
from npq.reference.models import LeadProvider
from npq.surveys.services import answering
from tests.conftest import html
from tests.surveys.conftest import ACTOR, open_survey, token_of


def _api(provider: str) -> tuple[Client, dict[str, str]]:
    _token, text = create_token(LeadProvider.objects.get(name=provider), ACTOR)
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {text}"}


def _answer(survey, n):
    for invitation in list(survey.invitations.order_by("id"))[:n]:
        link = answering.open_link(token_of(invitation))
        answering.save_page(link, link.pages[0], {"useful": ["agree"], "facilitator": ["4"], "comment": ["Good"]}, True)


def test_a_group_of_4_is_suppressed_on_the_page_in_the_csv_and_in_the_api(group, client_as):
    survey = open_survey(session=group["session"])
    _answer(survey, 4)
    page = html(client_as(group["admin"]).get(f"/surveys/{survey.pk}?by=facilitator")).get_text(" ", strip=True)
    assert "Fewer than 5 people answered this question, so the result is not shown" in page
    assert "4 people answered" not in page
    csv = client_as(group["admin"]).get(f"/surveys/{survey.pk}/results.csv?by=facilitator").content.decode()
    assert "suppressed (fewer than 5" in csv and ",4," not in csv
    client, auth = _api("Ambition Institute")
    body = client.get(f"/api/v3/surveys/{survey.pk}/results?filter[by]=facilitator", **auth).json()["data"]
    attributes = body["attributes"]
    assert attributes["response_rate"]["suppressed"] and attributes["response_rate"]["responded"] is None
    for question in attributes["questions"]:
        assert question["all"] == {"group": "All respondents", "suppressed": True, "respondents": None, "answers": None}
        assert all(g["suppressed"] and g["respondents"] is None for g in question["groups"])
    assert "Good" not in str(body)  # written answers never go through the API


def test_five_answers_are_published_with_counts_and_shares(group):
    survey = open_survey(session=group["session"], target_question_key="useful", target_percent=90)
    _answer(survey, 5)
    client, auth = _api("Ambition Institute")
    listed = client.get("/api/v3/surveys", **auth).json()["data"]
    assert [s["id"] for s in listed] == [str(survey.pk)]
    assert listed[0]["attributes"]["sent_by"] == "Department for Education"
    body = client.get(f"/api/v3/surveys/{survey.pk}/results", **auth).json()["data"]["attributes"]
    useful = next(q for q in body["questions"] if q["key"] == "useful")
    assert useful["all"]["respondents"] == 5 and useful["all"]["share_agreeing"] == 100.0
    assert useful["all"]["meets_target"] is True and useful["target_percent"] == 90
    assert {"answer": "Agree", "count": 5, "percent": 100.0} in useful["all"]["answers"]
    assert body["response_rate"] == {
        "group": "All invited",
        "suppressed": False,
        "invited": 7,
        "responded": 5,
        "percent": 71.0,
        "groups": [],
    }


def test_another_provider_sees_none_of_it_and_bad_input_is_a_clear_error(group):
    survey = open_survey(session=group["session"])
    client, auth = _api("Teach First")
    assert client.get("/api/v3/surveys", **auth).json()["data"] == []
    assert client.get(f"/api/v3/surveys/{survey.pk}/results", **auth).status_code == 404
    ours, our_auth = _api("Ambition Institute")
    assert ours.get("/api/v3/surveys/nonsense/results", **our_auth).status_code == 404
    bad = ours.get(f"/api/v3/surveys/{survey.pk}/results?filter[by]=shoe_size", **our_auth)
    assert bad.status_code == 400 and "filter[by] must be one of" in bad.content.decode()
    assert Client().get("/api/v3/surveys").status_code == 401
