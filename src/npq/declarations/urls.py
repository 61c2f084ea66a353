"""Declarations' pages: the provider's CSV upload (declarations are otherwise made through the API)."""

from django.urls import path

from npq.declarations import views

app_name = "declarations"
urlpatterns = [path("declarations/upload", views.upload, name="upload")]
