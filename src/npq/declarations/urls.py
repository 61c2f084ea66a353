"""Declarations have no pages of their own yet (they are made through the API); the namespace is kept."""

from django.urls import URLPattern

app_name = "declarations"
urlpatterns: list[URLPattern] = []
