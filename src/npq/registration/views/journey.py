"""The registration journey and "Check if I can get funding": one question per page."""

from typing import Any, cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from npq.core import labels
from npq.core.errors import ValidationFailed
from npq.core.forms import bind
from npq.people.models import User
from npq.registration import journey, services
from npq.registration.forms import DATE_PARTS, GuideForm, StepForm, step_field_id
from npq.registration.journey import STEPS
from npq.registration.rules import guide as guide_rules
from npq.registration.views import answers as store
from npq.registration.views import workplaces
from npq.registration.views.gate import DOB_SESSION_KEY, participant_required

MAX_WORKPLACE_RESULTS = 20


def _step_url(mode: str, name: str) -> str:
    return reverse("registration:check_step" if mode == journey.CHECK else "registration:step", args=[name])


CHANGING = "change"  # ?from=change: a question opened from check answers goes back there


def _changing(request: HttpRequest, mode: str) -> bool:
    return mode == journey.REGISTER and request.GET.get("from") == CHANGING


def _next_url(mode: str, answers: journey.Answers, changing: bool = False) -> str:
    _, current = journey.path(answers)
    if current is None:
        return reverse("registration:check_answers") if mode == journey.REGISTER else _step_url(mode, "funding")
    url = _step_url(mode, current)
    return f"{url}?from={CHANGING}" if changing and journey.STEPS[current].kind != "stop" else url


def _prefill(request: HttpRequest, answers: journey.Answers) -> journey.Answers:
    user = cast(User, request.user)
    if len([k for k in answers if not k.startswith("_")]) == 0 and user.trn:
        answers.update({"full_name": user.full_name, "trn": user.trn})
        if user.date_of_birth:
            answers["date_of_birth"] = user.date_of_birth.isoformat()
    return answers


@participant_required
def start(request: HttpRequest) -> HttpResponse:
    answers = _prefill(request, store.load(request, journey.REGISTER))
    store.save(request, journey.REGISTER, answers)
    return redirect(_next_url(journey.REGISTER, answers))


def check_start(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        request.session.pop(store.CHECK_SESSION_KEY, None)
    answers = store.load(request, journey.CHECK)
    return redirect(_next_url(journey.CHECK, answers))


@participant_required
def step(request: HttpRequest, name: str) -> HttpResponse:
    return _step(request, name, journey.REGISTER)


def check_step(request: HttpRequest, name: str) -> HttpResponse:
    return _step(request, name, journey.CHECK)


def _step(request: HttpRequest, name: str, mode: str) -> HttpResponse:
    step_def = STEPS.get(name)
    if step_def is None or (mode == journey.CHECK and name in ("provider_check", "choose_provider")):
        return render(request, "web/error.html", {"title": "Page not found", "lines": []}, status=404)
    answers = store.load(request, mode)
    if not journey.may_show(answers, name):
        messages.warning(request, "Answer this question first: the questions are asked in order.")
        return redirect(_next_url(mode, answers))
    context: dict[str, Any] = {
        "step": step_def,
        "mode": mode,
        "answers": answers,
        "errors": [],
        "error": None,
        "duplicate": None,
    }
    context["options"] = store.options_for(step_def, answers)
    form = bind(StepForm, request, step=step_def, options=context["options"])
    if form.is_bound:
        if form.is_valid() and mode == journey.REGISTER and step_def.key == "course":
            problem = _duplicate_problem(request, answers, form.cleaned_data["answer"], context)
            if problem is not None:
                form.refuse(problem)
        if form.is_valid():
            value = form.cleaned_data["answer"]
            answers = store.with_answer(answers, step_def, value, store.workplace_names(step_def, value))
            store.save(request, mode, answers)
            answers = store.derive(answers, request.user if mode == journey.REGISTER else None)
            return redirect(_next_url(mode, answers, changing=_changing(request, mode)))
        posted = form.values()
        context["errors"] = form.error_list()
        context["error"] = context["errors"][0]["text"]
        context["value"] = posted.get(step_def.key, "")
        context["date"] = {p: posted.get(f"{step_def.key}-{p}", "") for p in DATE_PARTS}
    else:
        context["value"] = answers.get(step_def.key, "")
        context["date"] = _date_parts(answers.get(step_def.key, "")) if step_def.kind == "date" else {}
    return _render(request, step_def, mode, answers, context)


def _duplicate_problem(
    request: HttpRequest, answers: journey.Answers, course: str, context: dict[str, Any]
) -> str | None:
    from npq.reference.models import Cohort, Course

    existing = services.existing_registration(
        cast(User, request.user),
        Course.objects.get(identifier=course),
        Cohort.objects.get(identifier=answers["cohort"]),
    )
    if existing is None:
        return None
    context["duplicate"] = existing
    return f"You have already registered for {existing.course.name} in the {existing.cohort.description}"


def _date_parts(value: str) -> dict[str, str]:
    if not value:
        return {"day": "", "month": "", "year": ""}
    year, month, day = value.split("-")
    return {"day": str(int(day)), "month": str(int(month)), "year": year}


def _render(
    request: HttpRequest, step_def: journey.Step, mode: str, answers: journey.Answers, context: dict[str, Any]
) -> HttpResponse:
    walked, _ = journey.path(answers)
    if step_def.name in walked:
        index = walked.index(step_def.name)
        back = walked[index - 1] if index else None
    else:
        back = walked[-1] if walked else None
    home = "/" if mode == journey.CHECK else reverse("web:dashboard")
    context["back_url"] = _step_url(mode, back) if back else home
    if _changing(request, mode):
        context["back_url"] = reverse("registration:check_answers")
        context["back_text"] = "Back to check your answers"
    context["title"] = step_def.question
    context["field_id"] = step_field_id(step_def)
    template = "registration/step.html"
    if step_def.kind in journey.WORKPLACE_KINDS:
        query = request.GET.get("q", "").strip()[: workplaces.MAX_QUERY_LENGTH]
        context["query"] = query
        context["results"] = workplaces.find(step_def.kind, query, MAX_WORKPLACE_RESULTS) if query else []
        context["chosen_name"] = answers.get(journey.WORKPLACE_KINDS[step_def.kind], "")
        if "q" in request.GET and not query and not context["errors"]:
            context["error"] = workplaces.EMPTY_SEARCH[step_def.kind]
            context["errors"] = [{"text": context["error"], "href": "#q"}]
        template = "registration/workplace.html"
    elif step_def.kind == "funding":
        context["decision"] = answers.get("_decision")
        template = "registration/funding.html"
    elif step_def.kind in ("stop", "notice"):
        template = "registration/stop.html"
    elif step_def.key == "course" and mode == journey.REGISTER:
        context["guide"] = _guide_context(answers)
    return render(request, template, context, status=400 if context["errors"] else 200)


@participant_required
def check_answers(request: HttpRequest) -> HttpResponse:
    answers = store.load(request, journey.REGISTER)
    walked, current = journey.path(answers)
    if current is not None:
        messages.warning(request, "Answer this question first: the questions are asked in order.")
        return redirect(_step_url(journey.REGISTER, current))
    context: dict[str, Any] = {
        "title": "Check your answers before registering",
        "errors": [],
        "decision": answers.get("_decision"),
        "duplicate": None,
    }
    if request.method == "POST":
        try:
            application = services.submit_registration(request.user, journey.answers_on_path(answers))  # type: ignore[arg-type]
        except services.DuplicateRegistration as error:
            context["duplicate"] = error.existing
            context["errors"] = [{"text": error.message, "href": "#duplicate"}]
        except ValidationFailed as error:
            context["errors"] = [{"text": error.message, "href": "#summary"}]
        else:
            request.session[DOB_SESSION_KEY] = request.user.pk  # they have just given it
            return redirect("registration:submitted", application.ecf_id)
    rows = []
    for name in walked:
        step_def = STEPS[name]
        if step_def.kind in ("funding", "stop", "notice"):
            continue
        rows.append(
            {
                "key": {"text": step_def.label or step_def.question},
                "value": {"text": store.display(step_def, answers)},
                "actions": {
                    "items": [
                        {
                            "href": f"{_step_url(journey.REGISTER, name)}?from={CHANGING}",
                            "text": "Change",
                            "visuallyHiddenText": (step_def.label or step_def.question).lower(),
                        }
                    ]
                },
            }
        )
    context["rows"] = rows
    context["back_url"] = _step_url(journey.REGISTER, walked[-1]) if walked else reverse("web:dashboard")
    return render(request, "registration/check_answers.html", context, status=400 if context["errors"] else 200)


def _guide_context(answers: journey.Answers) -> dict[str, Any]:
    """What the course question shows of the guide: its suggestions, if the person used it."""
    suggested = answers.get("guide_suggestions") or []
    overlap = answers.get("guide_overlap_note", "")
    return {
        "suggested": [(c, labels.label("course_guide", c)) for c in suggested],
        "overlap": labels.label("guide_overlap", overlap) if overlap else "",
        "url": reverse("registration:guide"),
    }


@participant_required
def guide(request: HttpRequest) -> HttpResponse:
    """ "Which NPQ is for me?": the person's role and what they want to lead, then one or two
    suggested courses on the course question (recorded, to see whether the guide helps)."""
    answers = store.load(request, journey.REGISTER)
    if not journey.may_show(answers, "course"):
        messages.warning(request, "Answer this question first: the questions are asked in order.")
        return redirect(_next_url(journey.REGISTER, answers))
    form = bind(GuideForm, request, initial={"role": answers.get("guide_role"), "focus": answers.get("guide_focus")})
    if form.is_valid():
        role, focus = form.cleaned_data["role"], form.cleaned_data["focus"]
        suggestion = guide_rules.suggest(role, focus)
        answers = {
            **answers,
            "guide_role": role,
            "guide_focus": focus,
            "guide_suggestions": list(suggestion.courses),
            "guide_overlap_note": suggestion.overlap,
        }
        store.save(request, journey.REGISTER, answers)
        return redirect(_step_url(journey.REGISTER, "course"))
    errors = form.error_list()
    context = {
        "title": "Which NPQ is for you?",
        "form": form,
        "errors": errors,
        "back_url": _step_url(journey.REGISTER, "course"),
    }
    return render(request, "registration/guide.html", context, status=400 if errors else 200)
