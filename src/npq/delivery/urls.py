from django.urls import path

from npq.delivery import views

app_name = "delivery"
urlpatterns = [
    path("delivery", views.cohort_list, name="list"),
    path("delivery/new", views.cohort_new, name="cohort_new"),
    path("delivery/<int:pk>", views.cohort_detail, name="cohort"),
    path("delivery/<int:pk>/edit", views.cohort_edit, name="cohort_edit"),
    path("delivery/<int:pk>/participants", views.participants, name="participants"),
    path(
        "delivery/<int:pk>/participants/<int:participant_id>/remove",
        views.remove_participant,
        name="remove_participant",
    ),
    path("delivery/sessions/<int:pk>/edit", views.session_edit, name="session_edit"),
    path("delivery/sessions/<int:pk>/cancel", views.session_cancel, name="session_cancel"),
    path("delivery/<int:pk>/sessions/new", views.session_new, name="session_new"),
    path("delivery/<int:pk>/checkpoints/new", views.checkpoint_new, name="checkpoint_new"),
    path("delivery/<int:pk>/self-evaluation", views.self_evaluation, name="self_evaluation"),
    path("delivery/<int:pk>/self-evaluation/<int:participant_id>", views.self_evaluation, name="self_evaluation_of"),
    path("delivery/sessions/<int:pk>", views.session_detail, name="session"),
    path("delivery/checkpoints/<int:pk>", views.checkpoint_detail, name="checkpoint"),
    path("feedback/<str:token>", views.feedback, name="feedback"),
]
