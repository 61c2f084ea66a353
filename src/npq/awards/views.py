"""Awards pages: a participant's certificates, the public check, the Department's record, and the
JSON a verifier elsewhere needs (published keys and status lists)."""

from typing import cast

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from npq.awards import certificates, forms, queries, rules, verification
from npq.awards.credentials import MAX_CREDENTIAL_BYTES
from npq.awards.models import Award
from npq.core.forms import bind
from npq.core.pagination import page_of
from npq.core.permissions import role_required
from npq.core.roles import Role
from npq.people.addresses import client_address_of

# Room for the multipart framing around the largest credential the page accepts.
MAX_UPLOAD_BODY = MAX_CREDENTIAL_BYTES + 8 * 1024


@role_required(Role.PARTICIPANT)
def mine(request: HttpRequest) -> HttpResponse:
    awards = queries.awards_of(int(request.user.pk or 0))
    return render(request, "awards/mine.html", {"title": "Your certificates", "awards": awards})


def _own(request: HttpRequest, number: str) -> Award:
    """The signed-in participant's award with this number; anyone else's is 'not found'."""
    stored = rules.normalise_certificate_number(number)
    award = (
        Award.objects.select_related("course", "lead_provider")
        .filter(certificate_number=stored or "", participant_id=request.user.pk)
        .first()
    )
    if award is None:
        raise Http404("No certificate of yours has this number")
    return award


@role_required(Role.PARTICIPANT)
def certificate(request: HttpRequest, number: str) -> HttpResponse:
    award = _own(request, number)
    response = HttpResponse(certificates.certificate_pdf(award), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="npq-certificate-{award.certificate_number}.pdf"'
    return response


@role_required(Role.PARTICIPANT)
def credential(request: HttpRequest, number: str) -> HttpResponse:
    award = _own(request, number)
    response = HttpResponse(award.credential, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="npq-credential-{award.certificate_number}.json"'
    return response


# Checking changes nothing and needs no session, so there is nothing for a forged request to abuse,
# and a visitor with no session can check. The body was read by npq.core.request_size (under the
# service's cap); an upload larger than any credential is refused here from its Content-Length
# before the file is opened.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    number_form = forms.NumberForm(request.GET if "number" in request.GET else None)
    upload_form = forms.CredentialForm()
    result, errors, status, limited = None, [], 200, False
    if request.method == "POST" and int(request.META.get("CONTENT_LENGTH") or 0) > MAX_UPLOAD_BODY:
        errors, status = [{"text": "The selected file must be smaller than 64KB", "href": "#credential"}], 413
        result = verification.Verification(verification.Answer.NOT_VALID, "The file is too large to be a credential")
    elif (request.method == "POST" or number_form.is_bound) and not verification.allow_check(
        client_address_of(request)
    ):
        limited, status = True, 429
    elif request.method == "POST":
        upload_form = bind(forms.CredentialForm, request)
        if upload_form.is_valid():
            result = verification.check_credential(upload_form.cleaned_data["credential"].read())
        else:
            errors, status = upload_form.error_list(), 400
    elif number_form.is_bound:
        if number_form.is_valid():
            result = verification.check_number(number_form.cleaned_data["number"])
        else:
            errors, status = number_form.error_list(), 400
    context = {
        "title": "Check an NPQ certificate",
        "number_form": number_form,
        "upload_form": upload_form,
        "errors": errors,
        "result": result,
        "limited": limited,
        "Answer": verification.Answer,
    }
    return render(request, "awards/verify.html", context, status=status)


@require_GET
def keys(request: HttpRequest) -> JsonResponse:
    return JsonResponse(verification.published_keys())


@require_GET
def status_list(request: HttpRequest, list_number: int) -> JsonResponse:
    if list_number < 1 or list_number > 10_000:
        raise Http404("No such status list")
    return JsonResponse(verification.status_list_credential(list_number))


def _filters(request: HttpRequest) -> tuple[forms.RecordFilterForm, queries.RecordFilter]:
    form = forms.RecordFilterForm(request.GET)
    if not form.is_valid():  # an unknown id in the address: show everything rather than fail
        return form, queries.RecordFilter()
    data = form.cleaned_data
    return form, queries.RecordFilter(
        cohort_id=data["cohort"].pk if data["cohort"] else None,
        course_id=data["course"].pk if data["course"] else None,
        lead_provider_id=data["lead_provider"].pk if data["lead_provider"] else None,
    )


@role_required(Role.DFE_ADMIN)
def record(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    page = page_of(queries.record(filters), request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "title": "Record of awards",
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "errors": form.error_list(),
    }
    return render(request, "awards/record.html", context)


@role_required(Role.DFE_ADMIN)
def record_csv(request: HttpRequest) -> HttpResponse:
    _, filters = _filters(request)
    response = StreamingHttpResponse(queries.record_csv(queries.record(filters)), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="npq-awards.csv"'
    return cast(HttpResponse, response)  # streamed: pages are typed as HttpResponse, this one streams
