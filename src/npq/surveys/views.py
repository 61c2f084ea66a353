"""Survey pages: answering through a link (no sign-in), sending a survey, and results with CSV."""

import csv
import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from npq.core.audit import Actor
from npq.core.errors import NPQError
from npq.core.forms import bind
from npq.core.permissions import role_required
from npq.core.roles import Role
from npq.surveys import results, rules, trends
from npq.surveys.forms import AnswerForm, SurveyForm, summary
from npq.surveys.models import Survey, SurveySchedule, Trigger
from npq.surveys.services import answering, scheduling, sending

# Inspectors read survey results only through an inspection's evidence pack (npq.quality), under a grant.
READERS = (Role.DFE_ADMIN, Role.LEAD_PROVIDER, Role.DELIVERY_PARTNER)
OWNERS = (Role.DFE_ADMIN, Role.LEAD_PROVIDER)


def _link(token: str) -> answering.Link:
    try:
        return answering.open_link(token)
    except NPQError as exc:
        raise Http404(exc.message) from exc


def answer(request: HttpRequest, token: str, page: int | None = None) -> HttpResponse:
    """One page of questions (or the whole of a short survey), saved as the person goes."""
    link = _link(token)
    refused = answering.refusal(link)
    if refused:
        status = 200 if answering.state(link) == "answered" else 410
        return render(request, "surveys/refused.html", {"title": link.survey.title, "message": refused}, status=status)
    pages = link.pages
    number = page or answering.first_unanswered_page(link)
    if not 1 <= number <= len(pages):
        raise Http404("No such page")
    earlier = answering.saved_answers(link)
    specs = {s.key: s for s in link.specs}
    page_specs = [specs[k] for k in pages[number - 1]]
    shown = [s for s in page_specs if len(pages) == 1 or rules.is_shown(s, earlier)]
    if not shown and request.method != "POST":
        return redirect("surveys:answer_page", token, number + 1) if number < len(pages) else _finish(link)
    form = bind(AnswerForm, request, specs=page_specs, earlier=earlier)
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        last = number == len(pages)
        if form.is_valid():
            try:
                answering.save_page(link, pages[number - 1], form.answers, submit=last)
            except answering.AnswersInvalid as exc:
                for key, message in exc.errors.items():
                    form.add_error(key if key in form.fields else None, message)
            except NPQError as exc:
                return render(request, "surveys/refused.html", {"title": link.survey.title, "message": exc.message})
            else:
                return (
                    redirect("surveys:answered", token) if last else redirect("surveys:answer_page", token, number + 1)
                )
        errors = summary(form, "q-")
    context = {
        "title": link.survey.title,
        "survey": link.survey,
        "questions": [(s, link.questions[[q.key for q in link.questions].index(s.key)]) for s in shown],
        "options_of": rules.options_of,
        "form": form,
        "values": _values(form, earlier),
        "errors": errors,
        "number": number,
        "pages": len(pages),
        "one_page": len(pages) == 1,
        "back": (number - 1) if number > 1 else None,
        "token": token,
        "max_text": rules.MAX_TEXT,
    }
    return render(request, "surveys/answer.html", context, status=400 if errors else 200)


def _finish(link: answering.Link) -> HttpResponse:
    return redirect("surveys:answer_page", link.token, len(link.pages))


def _values(form: AnswerForm, earlier: dict[str, tuple[str, ...]]) -> dict[str, list[str]]:
    if form.is_bound:
        return {k: list(form.data.getlist(k)) for k in form.fields}  # type: ignore[attr-defined]
    return {k: list(v) for k, v in earlier.items()}


def answered(request: HttpRequest, token: str) -> HttpResponse:
    link = _link(token)
    if link.invitation.responded_at is None:
        return redirect("surveys:answer", token)
    return render(request, "surveys/answered.html", {"title": "Thank you", "survey": link.survey})


@role_required(*READERS)
def survey_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    surveys = list(results.surveys_for(user)[:200])
    schedules = SurveySchedule.objects.select_related("owner").order_by("-starts_at")
    if user.role == Role.LEAD_PROVIDER:
        schedules = schedules.filter(owner=user.lead_provider_id)
    context = {
        "title": "Surveys and feedback",
        "surveys": surveys,
        "can_send": user.role in OWNERS,
        "schedules": list(schedules[:100]) if user.role in OWNERS else [],
        "when": {str(k): v for k, v in scheduling.WORDS.items()},
    }
    return render(request, "surveys/list.html", context)


@role_required(*OWNERS)
def survey_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = bind(SurveyForm, request, user=user)
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            filters = {k: data[k] for k in ("delivery_partner", "course", "cohort", "delivery_cohort") if data.get(k)}
            if data["trigger"] != Trigger.ONCE:
                return _schedule(request, form, filters)
            try:
                survey = sending.open_survey(
                    Actor.person(user),
                    data["questionnaire"],
                    title=data["title"],
                    audience=data["audience"],
                    trigger=data["trigger"],
                    opens_at=_start(data["opens_on"]),
                    closes_at=_start(data["closes_on"]),
                    owner=user.lead_provider if user.role == Role.LEAD_PROVIDER else None,
                    emails=form.email_list(),
                    target_question_key=data.get("target_question_key", ""),
                    target_percent=data.get("target_percent"),
                    **filters,
                )
            except NPQError as exc:
                form.add_error(None, exc.message)
            else:
                invited = survey.invitations.count()
                messages.success(request, f"Survey opened: {invited} invitation{'s' if invited != 1 else ''} queued")
                return redirect("surveys:results", survey.pk)
        errors = summary(form)
    return render(
        request,
        "surveys/new.html",
        {"title": "Send a survey", "form": form, "errors": errors, "selects": _selects(form)},
        status=400 if errors else 200,
    )


def _schedule(request: HttpRequest, form: SurveyForm, filters: dict[str, Any]) -> HttpResponse:
    """A repeating trigger makes a schedule: the scheduled job opens a survey on each occasion."""
    user: Any = request.user
    data = form.cleaned_data
    try:
        schedule = scheduling.create_schedule(
            Actor.person(user),
            data["questionnaire"],
            title=data["title"],
            audience=data["audience"],
            trigger=data["trigger"],
            starts_at=_start(data["opens_on"]),
            ends_at=_start(data["closes_on"]),
            owner=user.lead_provider if user.role == Role.LEAD_PROVIDER else None,
            target_question_key=data.get("target_question_key", ""),
            target_percent=data.get("target_percent"),
            **filters,
        )
    except NPQError as exc:
        form.add_error(None, exc.message)
        return render(
            request,
            "surveys/new.html",
            {"title": "Send a survey", "form": form, "errors": summary(form), "selects": _selects(form)},
            status=400,
        )
    messages.success(
        request, f"Scheduled: ‘{schedule.title}’ opens {scheduling.WORDS[Trigger(schedule.trigger)]} until it ends"
    )
    return redirect("surveys:list")


SELECTS = [
    ("questionnaire", "Questionnaire", "Select a questionnaire"),
    ("audience", "Who to ask", "Select who to ask"),
    ("trigger", "When it is sent", "Select when"),
    ("delivery_partner", "Delivery partner (optional)", "Any delivery partner"),
    ("course", "Course (optional)", "Any course"),
    ("cohort", "Cohort (optional)", "Any cohort"),
    ("delivery_cohort", "Group (optional)", "Any group"),
]


def _selects(form: SurveyForm) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """GOV.UK select items for each list, keeping what was chosen."""
    out = []
    for name, label, blank in SELECTS:
        chosen = str(form.data.get(name, "")) if form.is_bound else str(form.fields[name].initial or "")
        items: list[dict[str, Any]] = [{"value": "", "text": blank}]
        for value, words in form.fields[name].choices:  # type: ignore[attr-defined]
            if str(value):
                items.append({"value": str(value), "text": str(words), "selected": chosen == str(value)})
        out.append((name, label, items))
    return out


def _start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def _survey(request: HttpRequest, pk: int) -> Survey:
    return get_object_or_404(results.surveys_for(request.user), pk=pk)


def _results(request: HttpRequest, survey: Survey) -> dict[str, Any]:
    by = request.GET.get("by") or None
    by = by if by in results.DIMENSIONS or by == "survey" else None
    where = results.scope(request.user)
    assert where is not None  # role_required lets in only readers, who all have a scope
    free_text = results.reads_free_text(request.user, survey)
    questions = list(survey.questionnaire.questions.all())
    return {
        "survey": survey,
        "by": by,
        "rates": results.response_rates([survey], by, where),
        "results": [results.question_result([survey], q, by, where, free_text) for q in questions],
        "free_text": free_text,
    }


@role_required(*READERS)
def survey_results(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    context = _results(request, survey) | {
        "title": survey.title,
        "dimensions": results.DIMENSIONS,
        "is_owner": results.reads_free_text(request.user, survey),
        "options_of": rules.options_of,
        "trends": trends.over_time(request.user, survey, context_scope(request)),
    }
    return render(request, "surveys/results.html", context)


def context_scope(request: HttpRequest) -> Any:
    where = results.scope(request.user)
    assert where is not None  # role_required lets in only readers, who all have a scope
    return where


@role_required(*READERS)
def survey_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The results as published on the page: suppressed cells say so, never a number."""
    survey = _survey(request, pk)
    data = _results(request, survey)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-results.csv"'
    out = csv.writer(response)
    out.writerow(["question", "group", "respondents", "answer", "count", "percent", "share agreeing", "mean"])
    for result in data["results"]:
        for row in [result.total, *result.rows]:
            if row.suppressed:
                out.writerow(
                    [
                        result.question.text,
                        row.label,
                        "suppressed (fewer than 5, or it would reveal a group that is)",
                        "",
                        "",
                        "",
                        "",
                        "",
                    ]
                )
                continue
            agree = "" if row.share_agreeing is None else row.share_agreeing
            mean = "" if row.mean is None else row.mean
            for value, words in result.options or (("", ""),):
                count = row.counts.get(value, 0) if value else ""
                pct = row.percent(value) if value else ""
                out.writerow([result.question.text, row.label, row.respondents, words, count, pct, agree, mean])
    return response


@role_required(*OWNERS)
def survey_remind(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    if request.method != "POST" or not results.reads_free_text(request.user, survey):
        raise Http404
    try:
        queued = sending.queue_reminders(Actor.person(request.user), survey)
    except NPQError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{queued} reminder{'s' if queued != 1 else ''} queued")
    return redirect("surveys:results", survey.pk)
