from django.urls import path

from npq.awards import views

app_name = "awards"

urlpatterns = [
    path("awards/mine", views.mine, name="mine"),
    path("awards/mine/<str:number>/certificate.pdf", views.certificate, name="certificate"),
    path("awards/mine/<str:number>/credential.json", views.credential, name="credential"),
    path("awards/verify", views.verify, name="verify"),
    path("awards/keys", views.keys, name="keys"),
    path("awards/status/<int:list_number>", views.status_list, name="status_list"),
    path("awards/record", views.record, name="record"),
    path("awards/record.csv", views.record_csv, name="record_csv"),
]
