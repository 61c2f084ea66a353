from django.urls import path

from npq.web import views

app_name = "web"
urlpatterns = [
    path("", views.start, name="start"),
    path("sign-in", views.sign_in, name="sign_in"),
    path("sign-in/code", views.sign_in_code, name="sign_in_code"),
    path("sign-out", views.sign_out, name="sign_out"),
    path("dashboard", views.dashboard_page, name="dashboard"),
    path("accessibility", views.accessibility, name="accessibility"),
]
