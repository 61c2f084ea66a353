from django.urls import path

from npq.webhooks import views

app_name = "webhooks"
urlpatterns = [
    path("webhooks", views.endpoints, name="endpoints"),
    path("webhooks/<int:endpoint_id>/rotate", views.rotate, name="rotate"),
    path("webhooks/<int:endpoint_id>/stop", views.disable, name="disable"),
    path("webhooks/deliveries", views.deliveries, name="deliveries"),
    path("webhooks/deliveries/<str:delivery_id>/replay", views.replay, name="replay"),
]
