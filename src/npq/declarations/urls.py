"""Declarations are made through the API; the one page records an outcome from the record page."""

from django.urls import path

from npq.declarations import views

app_name = "declarations"
urlpatterns = [
    path("provider/applications/<uuid:ecf_id>/outcomes/new", views.record_outcome, name="outcome"),
]
