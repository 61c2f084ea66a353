from django.urls import path

from npq.training import partner_views, views

app_name = "training"
urlpatterns = [
    path("provider/applications", views.applications, name="applications"),
    path("provider/participants", views.participants, name="participants"),
    path("provider/partners", partner_views.partner_list, name="partners"),
    path("provider/partners/<uuid:ecf_id>", partner_views.partner_access, name="partner_access"),
    path("provider/applications.csv", views.applications_csv, name="applications_csv"),
    path("provider/participants.csv", views.participants_csv, name="participants_csv"),
    path("provider/applications/<uuid:ecf_id>", views.record, name="record"),
    path("provider/applications/<uuid:ecf_id>/<slug:action>", views.act, name="act"),
]
