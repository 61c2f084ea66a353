"""Provider page: upload declarations as a CSV file (the same checks as the API)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from npq.core.audit import Actor
from npq.core.errors import NPQError
from npq.core.forms import bind
from npq.core.permissions import provider_of, role_required
from npq.core.roles import Role
from npq.declarations.forms import DeclarationsUploadForm
from npq.declarations.upload import upload_declarations


@role_required(Role.LEAD_PROVIDER)
def upload(request: HttpRequest) -> HttpResponse:
    form = bind(DeclarationsUploadForm, request)
    results = None
    if request.method == "POST" and form.is_valid():
        try:
            content = form.cleaned_data["file"].read()
            results = upload_declarations(provider_of(request), Actor.person(request.user), content)
        except NPQError as exc:
            form.add_service_error(exc)
    errors = form.error_list()
    context = {"title": "Upload declarations", "form": form, "errors": errors, "results": results}
    return render(request, "declarations/upload.html", context, status=400 if errors else 200)
