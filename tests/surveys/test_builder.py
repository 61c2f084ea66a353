"""Writing a questionnaire on a page: every kind, required or optional, conditional, versioned."""

from npq.surveys.models import Questionnaire
from npq.surveys.services import answering
from tests.conftest import error_summary, html
from tests.surveys.conftest import open_survey, token_of

NEW = {
    "slots": "4",
    "key": "pennine-module-check",
    "title": "Module check-in",
    "introduction": "Two minutes, anonymous.",
    "anonymous": "yes",
    "q1_text": "The sessions were well paced",
    "q1_kind": "agreement",
    "q1_required": "yes",
    "q2_text": "Which format suited you?",
    "q2_kind": "single",
    "q2_required": "yes",
    "q2_options": "Face to face\nOnline\nNo preference",
    "q3_text": "Why online?",
    "q3_kind": "text",
    "q3_required": "no",
    "q3_shown_if": "2",
    "q3_shown_values": "Online",
    "q4_text": "Rate the reading",
    "q4_kind": "rating",
    "q4_required": "yes",
    "q4_minimum": "1",
    "q4_maximum": "5",
}


def test_a_provider_writes_a_questionnaire_with_every_part_and_its_survey_asks_it(group, client_as):
    provider = client_as(group["provider_user"])
    assert provider.get("/surveys/questionnaires/new").status_code == 200
    done = provider.post("/surveys/questionnaires/new", NEW)
    assert done.status_code == 302 and done.url == "/surveys/questionnaires"
    q = Questionnaire.objects.get(key="pennine-module-check")
    assert (q.version, q.owner_id, q.anonymous) == (1, group["provider"].pk, True)
    questions = list(q.questions.all())
    assert [x.kind for x in questions] == ["agreement", "single", "text", "rating"]
    assert questions[1].options == [
        ["face_to_face", "Face to face"],
        ["online", "Online"],
        ["no_preference", "No preference"],
    ]
    assert (questions[2].required, questions[2].shown_if_key, questions[2].shown_if_values) == (
        False,
        questions[1].key,
        ["online"],
    )
    assert "Module check-in" in html(provider.get("/surveys/questionnaires")).get_text()
    survey = open_survey(key="pennine-module-check", delivery_cohort=group["dc"])
    link = answering.open_link(token_of(survey.invitations.first()))
    answers = {questions[0].key: ["agree"], questions[1].key: ["face_to_face"], questions[3].key: ["4"]}
    assert answering.save_page(link, link.pages[0], answers, submit=True).submitted_on is not None


def test_every_error_is_shown_at_once_and_nothing_is_saved(group, client_as):
    bad = NEW | {
        "key": "has spaces",
        "title": "",
        "q1_kind": "",
        "q2_options": "Only one",
        "q3_shown_values": "Carrier pigeon",
        "q4_minimum": "5",
        "q4_maximum": "2",
    }
    page = client_as(group["admin"]).post("/surveys/questionnaires/new", bad)
    assert page.status_code == 400
    assert error_summary(page) == [
        "Enter a short name using only letters, numbers, hyphens and underscores",
        "Enter a title for the questionnaire",
        "Select the kind of answer for question 1",
        "Enter at least 2 different options for question 2, one a line",
        "Enter answers to question 2 that show question 3, as written there, one a line",
        "Enter a highest answer above the lowest for question 4",
    ]
    assert html(page).title.get_text().startswith("Error: ")
    assert not Questionnaire.objects.filter(title="").exists()


def test_a_change_makes_a_new_version_and_keeps_the_old_one_and_its_keys(group, client_as):
    admin = client_as(group["admin"])
    assert admin.post("/surveys/questionnaires/new", NEW | {"key": "dfe-check"}).status_code == 302
    first = Questionnaire.objects.get(key="dfe-check")
    form = html(admin.get("/surveys/questionnaires/dfe-check"))
    assert form.find(id="q2_options").get_text() == "Face to face\nOnline\nNo preference"
    same = admin.post("/surveys/questionnaires/dfe-check", {k: v for k, v in NEW.items() if k != "key"})
    assert same.status_code == 302 and Questionnaire.objects.filter(key="dfe-check").count() == 1
    changed = {k: v for k, v in NEW.items() if k != "key"} | {"q1_text": "The sessions were paced well for me"}
    assert admin.post("/surveys/questionnaires/dfe-check", changed).status_code == 302
    second = Questionnaire.objects.get(key="dfe-check", version=2)
    first.refresh_from_db()
    assert first.questions.get(position=1).text == "The sessions were well paced"  # never edited
    assert [q.key for q in second.questions.all()] == [q.key for q in first.questions.all()]  # results compare
    more = admin.post("/surveys/questionnaires/dfe-check", changed | {"more": "yes"})
    assert more.status_code == 200 and html(more).find(id="q7_text") is not None
    assert Questionnaire.objects.filter(key="dfe-check").count() == 2  # adding spaces saves nothing


def test_nobody_changes_a_questionnaire_that_is_not_theirs(group, client_as):
    provider = client_as(group["provider_user"])
    assert provider.get("/surveys/questionnaires/dfe-end-of-module").status_code == 404
    taken = provider.post("/surveys/questionnaires/new", NEW | {"key": "dfe-end-of-module"})
    assert taken.status_code == 400 and "belongs to someone else" in " ".join(error_summary(taken))
    assert client_as(group["facilitator"]).get("/surveys/questionnaires").status_code == 403
