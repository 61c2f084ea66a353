from django.urls import path

from npq.registration.views import journey, participant, staff, workplaces

app_name = "registration"
urlpatterns = [
    path("registration/", journey.start, name="start"),
    path("registration/check-answers", journey.check_answers, name="check_answers"),
    path("registration/which-npq", journey.guide, name="guide"),
    path("registration/confirm-date-of-birth", participant.confirm_date_of_birth, name="confirm_dob"),
    path("registration/applications", participant.applications, name="applications"),
    path("registration/applications/<uuid:ecf_id>", participant.application, name="application"),
    path("registration/applications/<uuid:ecf_id>/submitted", participant.submitted, name="submitted"),
    path("registration/applications/<uuid:ecf_id>/change/<str:what>", participant.change, name="change"),
    path("registration/applications/<uuid:ecf_id>/reply", participant.reply, name="reply"),
    path("registration/applications/<uuid:ecf_id>/withdraw", participant.withdraw, name="withdraw"),
    path("registration/review", staff.review_queue, name="review_queue"),
    path("registration/review/<uuid:ecf_id>", staff.review, name="review"),
    path("registration/review/<uuid:ecf_id>/files/<int:file_id>", staff.review_file, name="review_file"),
    path("registration/funded-places", staff.funded_places, name="funded_places"),
    path("workplaces/search", workplaces.workplace_search, name="workplace_search"),
    path("registration/<str:name>", journey.step, name="step"),
    path("check-funding/", journey.check_start, name="check_start"),
    path("check-funding/<str:name>", journey.check_step, name="check_step"),
]
