from django.urls import path

from npq.quality.views import department, inspections, provider, reports

app_name = "quality"

urlpatterns = [
    path("quality/inspections", inspections.inspection_list, name="inspections"),
    path("quality/inspections/new", inspections.new_inspection, name="new_inspection"),
    path("quality/inspections/<int:pk>", inspections.inspection, name="inspection"),
    path("quality/inspections/<int:pk>/pack", inspections.pack, name="pack"),
    path("quality/inspections/<int:pk>/sample", inspections.sample, name="sample"),
    path("quality/inspections/<int:pk>/meetings", inspections.meeting, name="meeting"),
    path("quality/inspections/<int:pk>/evidence", inspections.note, name="note"),
    path("quality/inspections/<int:pk>/grades", inspections.grade, name="grade"),
    path("quality/inspections/<int:pk>/report", inspections.draft, name="draft"),
    path("quality/inspections/<int:pk>/recount", inspections.recount, name="recount"),
    path("quality/inspections/<int:pk>/check", inspections.check, name="check"),
    path("quality/inspections/<int:pk>/publish", inspections.publish, name="publish"),
    path("quality/inspections/<int:pk>/actions", provider.add_action, name="add_action"),
    path("quality/inspections/<int:pk>/response", reports.respond, name="respond"),
    path("quality/reports/<int:pk>", reports.report, name="report"),
    path("quality/reports/<int:pk>/report.pdf", reports.report_file, name="report_pdf"),
    path("quality/provider", provider.overview, name="provider"),
    path("quality/facilitators/approve", provider.approve, name="approve"),
    path("quality/templates/new", provider.new_template, name="new_template"),
    path("quality/observations/new", provider.observe, name="observe"),
    path("quality/observations/<int:pk>", provider.observation, name="observation"),
    path("quality/observations/mine", provider.mine, name="mine"),
    path("quality/self-evaluation", provider.self_evaluation, name="self_evaluation"),
    path("quality/actions/<int:pk>/done", provider.complete, name="complete"),
    path("quality/department", department.overview, name="department"),
]
