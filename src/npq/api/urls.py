"""/api/v3/... (the Lead Provider API), /api/docs/v3 (interactive docs), /api/guidance/... and the
DfE token pages."""

from django.urls import path, re_path

from npq.api import views
from npq.api.v3 import api

app_name = "api"
urlpatterns = [
    path("api/v3/", api.urls),
    re_path(r"^api/v3/.*$", views.not_found),
    path("api/docs/v3", views.docs, name="docs"),
    path("api/guidance", views.guidance_index, name="guidance"),
    path("api/guidance/<slug:slug>", views.guidance_page, name="guidance_page"),
    path("api/tokens", views.token_list, name="tokens"),
    path("api/tokens/create", views.token_create, name="token_create"),
    path("api/tokens/<int:token_id>/rotate", views.token_rotate, name="token_rotate"),
    path("api/tokens/<int:token_id>/revoke", views.token_revoke, name="token_revoke"),
]
