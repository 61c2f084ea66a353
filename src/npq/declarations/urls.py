"""Declarations' pages: the provider's CSV upload, and recording an outcome from a record page
(declarations are otherwise made through the API)."""

from django.urls import path

from npq.declarations import outcome_views, views

app_name = "declarations"
urlpatterns = [
    path("declarations/upload", views.upload, name="upload"),
    path("provider/applications/<uuid:ecf_id>/outcomes/new", outcome_views.record_outcome, name="outcome"),
]
