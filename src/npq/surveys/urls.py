from django.urls import path

from npq.surveys import builder, views

app_name = "surveys"

urlpatterns = [
    path("surveys", views.survey_list, name="list"),
    path("surveys/new", views.survey_new, name="new"),
    path("surveys/questionnaires", builder.questionnaire_list, name="questionnaires"),
    path("surveys/questionnaires/new", builder.questionnaire_write, name="questionnaire_new"),
    path("surveys/questionnaires/<slug:key>", builder.questionnaire_write, name="questionnaire_change"),
    path("surveys/<int:pk>", views.survey_results, name="results"),
    path("surveys/<int:pk>/results.csv", views.survey_csv, name="csv"),
    path("surveys/<int:pk>/remind", views.survey_remind, name="remind"),
    path("surveys/answer/<str:token>", views.answer, name="answer"),
    path("surveys/answer/<str:token>/page/<int:page>", views.answer, name="answer_page"),
    path("surveys/answer/<str:token>/done", views.answered, name="answered"),
]
