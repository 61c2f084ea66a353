from django.urls import path

from npq.assessment import views

app_name = "assessment"
urlpatterns = [
    path("assessment", views.my_tasks, name="mine"),
    path("assessment/windows/<int:pk>/submit", views.submit, name="submit"),
    path("assessment/windows/<int:pk>/check", views.check, name="check"),
    path("assessment/marking", views.marking_queue, name="queue"),
    path("assessment/submissions/<int:pk>/mark", views.mark, name="mark"),
    path("assessment/submissions/<int:pk>/agree", views.agree, name="agree"),
    path("assessment/submissions/<int:pk>/review", views.review, name="review"),
    path("assessment/submissions/<int:pk>/annexes/<int:annex_id>", views.annex, name="annex"),
    path("assessment/windows/<int:pk>/moderation", views.moderation, name="moderation"),
    path("assessment/progress", views.progress, name="progress"),
    path("assessment/cohorts/<int:pk>/tasks", views.windows, name="windows"),
    path("assessment/tasks/<int:pk>/mark-scheme", views.mark_scheme_new, name="scheme_new"),
    path("assessment/windows/<int:pk>/deadlines", views.window_edit, name="window_edit"),
    path("assessment/windows/<int:pk>/extensions", views.extensions, name="extensions"),
]
