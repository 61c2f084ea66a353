from django.urls import path

from npq.training import views

app_name = "training"
urlpatterns = [
    path("participants/merge", views.merge, name="merge"),
    path("participants/merge/confirm", views.merge_confirm, name="merge_confirm"),
]
