from django.urls import path

from npq.insights import views

app_name = "insights"

urlpatterns = [
    path("insights", views.national, name="national"),
    path("insights/national/<slug:section>", views.national, name="national_section"),
    path("insights/national/<slug:table>.csv", views.national_csv, name="national_csv"),
    path("insights/provider", views.provider, name="provider"),
    path("insights/provider/<slug:section>", views.provider, name="provider_section"),
    path("insights/provider/<slug:table>.csv", views.provider_csv, name="provider_csv"),
    path("insights/inspected", views.inspected, name="inspected"),
    path("insights/inspected/<slug:section>", views.inspected, name="inspected_section"),
    path("insights/inspected/<slug:table>.csv", views.inspected_csv, name="inspected_csv"),
    path("insights/releases", views.releases, name="releases"),
    path("insights/releases/<slug:slug>/compare", views.compare, name="compare"),
    path("statistics", views.statistics, name="statistics"),
    path("statistics/<slug:slug>", views.release, name="release"),
    path("statistics/<slug:slug>/<slug:table>.csv", views.release_csv, name="release_csv"),
]
