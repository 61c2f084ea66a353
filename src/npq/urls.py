"""Top-level routes: each app mounts its own ``urls.py``; the Lead Provider API is at /api."""

from django.contrib import admin
from django.urls import include, path

from npq.web import v3
from npq.web import views as web_views

admin.site.site_header = "NPQ Platform – DfE administration"
admin.site.site_title = "NPQ Platform admin"

urlpatterns = [
    path("django-admin/login/", web_views.admin_sign_in),
    path("django-admin/", admin.site.urls),
    # The API first: Django tries routes in order, and every API request would otherwise be tried
    # against each app's pages (about a tenth of an API request's time). Nothing else starts with
    # api/v3/ or api/docs/v3, so no page is shadowed.
    path("", include(v3.urlpatterns)),
    path("", include("npq.web.urls")),
    path("", include("npq.core.urls")),
    path("", include("npq.reference.urls")),
    path("", include("npq.frameworks.urls")),
    path("", include("npq.registration.urls")),
    path("", include("npq.delivery.urls")),
    path("", include("npq.assessment.urls")),
    path("", include("npq.surveys.urls")),
    path("", include("npq.training.urls")),
    path("", include("npq.declarations.urls")),
    path("", include("npq.finance.urls")),
    path("", include("npq.awards.urls")),
    path("", include("npq.quality.urls")),
    path("", include("npq.insights.urls")),
    path("", include("npq.api.urls")),
    path("", include("npq.webhooks.urls")),
    path("", include("npq.identity.urls")),
    path("", include("npq.people.urls")),
]

handler404 = "npq.web.views.not_found"
handler403 = "npq.web.views.forbidden"
handler500 = "npq.web.views.server_error"
