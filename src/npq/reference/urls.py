from django.urls import path

from npq.reference import views

app_name = "reference"
urlpatterns = [
    path("reference/courses", views.courses_and_cohorts, name="courses"),
    path("reference/providers", views.providers, name="providers"),
    path("reference/schools", views.schools, name="schools"),
    path("reference/imports", views.imports, name="imports"),
]
