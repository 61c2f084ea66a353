from django.urls import path

from npq.identity import views

app_name = "identity"
urlpatterns = [
    path("participants/search", views.search, name="search"),
    path("participants/<uuid:ecf_id>", views.person, name="person"),
    path("participants/merge", views.merge, name="merge"),
    path("participants/merge/confirm", views.merge_confirm, name="merge_confirm"),
]
