from django.urls import path

from npq.people import views

app_name = "people"
urlpatterns = [
    path("staff", views.staff_list, name="staff"),
    path("staff/invite", views.invite, name="invite"),
    path("staff/<int:pk>", views.staff_member, name="staff_member"),
    path("staff/<int:pk>/active", views.set_active, name="set_active"),
    path("staff/<int:pk>/resend", views.resend, name="resend"),
    path("invitation/<str:uidb64>/<str:token>", views.accept_invitation, name="accept_invitation"),
]
