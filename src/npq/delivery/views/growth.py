"""The leadership-behaviours self-evaluation with 360° feedback, and formative checkpoints."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from npq.core.errors import NPQError
from npq.core.forms import bind
from npq.core.permissions import role_required
from npq.core.roles import Role
from npq.delivery import forms, rules, services
from npq.delivery.models import Checkpoint, SelfEvaluation
from npq.delivery.views.common import VIEWERS, behaviours, cohort_for, status_of
from npq.people.pages import signed_in


@role_required(Role.PARTICIPANT, Role.LEAD_PROVIDER, Role.DELIVERY_PARTNER)
def self_evaluation(request: HttpRequest, pk: int, participant_id: int | None = None) -> HttpResponse:
    dc = cohort_for(request, pk)
    me = signed_in(request)
    items = behaviours()
    keys = [b.key for b in items]
    if me.role == Role.PARTICIPANT:
        person = me
    elif services.can_run(me, dc) and participant_id:
        person = get_object_or_404(
            dc.memberships.select_related("participant"), participant_id=participant_id
        ).participant
    else:
        raise Http404
    se = SelfEvaluation.objects.filter(participant=person, delivery_cohort=dc).first()
    form = bind(forms.RatingsForm, request, keys=keys, plan=True)
    invite = bind(forms.InviteForm, request)
    if form.is_bound and person == me and form.is_valid() and invite.is_valid():
        inviting = invite.cleaned_data["action"] == "invite" and se is not None
        try:
            if inviting and se is not None:
                data = invite.cleaned_data
                services.invite_colleague(person, se, data["name"], data["email"], request.build_absolute_uri("/"))
                messages.success(request, "Invitation sent")
            else:
                services.save_self_evaluation(person, dc, keys, form.ratings(), form.plan())
                messages.success(request, "Self-evaluation saved")
            return redirect("delivery:self_evaluation", dc.pk)
        except NPQError as exc:
            (invite if inviting else form).add_service_error(exc)
    errors = form.error_list() + invite.error_list()
    responses = [i.ratings for i in se.invitations.all() if i.responded_at] if se else []
    context = {
        "title": "Leadership behaviours self-evaluation" if person == me else f"Self-evaluation: {person.full_name}",
        "dc": dc,
        "behaviours": items,
        "se": se,
        "errors": errors,
        "form": form,
        "invite": invite,
        "person": person,
        "own": person == me,
        "invitations": se.invitations.all() if se else [],
        "priorities": rules.development_priorities(se.ratings, responses) if se and se.ratings else [],
        "names": {b.key: b.name for b in items},
        "responses": len(responses),
        "min_shown": rules.MIN_COLLEAGUES_SHOWN,
    }
    return render(request, "delivery/self_evaluation.html", context, status=400 if errors else 200)


def feedback(request: HttpRequest, token: str) -> HttpResponse:
    """A colleague's 360° feedback form, reached from the emailed link without signing in."""
    try:
        invitation = services.invitation_for(token)
    except NPQError as exc:
        raise Http404 from exc
    items = behaviours()
    form = bind(forms.RatingsForm, request, keys=[b.key for b in items])
    if form.is_bound and form.is_valid():
        try:
            services.respond_to_invitation(token, form.keys, form.ratings())
        except NPQError as exc:
            form.add_service_error(exc)
        else:
            return render(request, "delivery/feedback_done.html", {"title": "Thank you for your feedback"})
    context = {
        "title": f"Feedback for {invitation.self_evaluation.participant.full_name}",
        "invitation": invitation,
        "behaviours": items,
        "errors": form.error_list(),
        "form": form,
        "token": token,
    }
    return render(request, "delivery/feedback.html", context, status=status_of(form))


@role_required(Role.LEAD_PROVIDER, Role.DELIVERY_PARTNER)
def checkpoint_new(request: HttpRequest, pk: int) -> HttpResponse:
    dc = cohort_for(request, pk)
    if not services.can_run(signed_in(request), dc):
        raise Http404
    form = bind(forms.CheckpointForm, request)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            services.set_checkpoint(signed_in(request), dc, data["title"], data["prompt"], data["due_on"])
        except NPQError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, "Checkpoint set")
            return redirect("delivery:cohort", dc.pk)
    context = {"title": "Set a formative checkpoint", "dc": dc, "errors": form.error_list(), "form": form}
    return render(request, "delivery/checkpoint_new.html", context, status=status_of(form))


@role_required(*VIEWERS)
def checkpoint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cp = get_object_or_404(Checkpoint.objects.select_related("delivery_cohort"), pk=pk)
    dc = cohort_for(request, cp.delivery_cohort_id)
    me = signed_in(request)
    runner = services.can_run(me, dc)
    if me.role == Role.PARTICIPANT:
        form: forms.ResponseForm | forms.FeedbackForm = bind(forms.ResponseForm, request)
    else:
        form = bind(forms.FeedbackForm, request)
    if form.is_bound and (me.role == Role.PARTICIPANT or runner):
        try:
            _checkpoint_post(request, cp, form)
            return redirect("delivery:checkpoint", cp.pk)
        except NPQError as exc:
            form.add_service_error(exc)
    elif form.is_bound:
        return redirect("delivery:checkpoint", cp.pk)
    responses = cp.responses.select_related("participant", "feedback_by")
    if not runner:
        responses = responses.filter(participant=me)
    context = {
        "title": cp.title,
        "cp": cp,
        "dc": dc,
        "runner": runner,
        "responses": list(responses),
        "errors": form.error_list(),
        "form": form,
    }
    return render(request, "delivery/checkpoint.html", context, status=status_of(form))


def _checkpoint_post(request: HttpRequest, cp: Checkpoint, form: forms.ResponseForm | forms.FeedbackForm) -> None:
    """A participant's response, or a facilitator's feedback on one response (an id from outside
    this checkpoint is not found)."""
    me = signed_in(request)
    if isinstance(form, forms.ResponseForm):
        form.full_clean()
        services.respond_to_checkpoint(me, cp, form.cleaned_data["text"])
        messages.success(request, "Response sent to your facilitator")
        return
    if not form.is_valid():
        raise Http404
    response = get_object_or_404(cp.responses, pk=form.cleaned_data["response"])
    services.give_feedback(me, response, form.cleaned_data["feedback"])
    messages.success(request, "Feedback saved")
