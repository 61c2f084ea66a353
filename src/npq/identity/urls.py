from django.urls import path

from npq.identity import views

app_name = "identity"
urlpatterns = [
    path("participants/merge", views.merge, name="merge"),
    path("participants/merge/confirm", views.merge_confirm, name="merge_confirm"),
]
