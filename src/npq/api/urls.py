"""/api/guidance/... and the DfE token pages (the API itself is mounted by ``npq.web.v3``)."""

from django.urls import path

from npq.api import views

app_name = "api"
urlpatterns = [
    path("api/guidance", views.guidance_index, name="guidance"),
    path("api/guidance/<slug:slug>", views.guidance_page, name="guidance_page"),
    path("api/tokens", views.token_list, name="tokens"),
    path("api/tokens/create", views.token_create, name="token_create"),
    path("api/tokens/<int:token_id>/rotate", views.token_rotate, name="token_rotate"),
    path("api/tokens/<int:token_id>/revoke", views.token_revoke, name="token_revoke"),
]
