from django.urls import path

from npq.finance import views

app_name = "finance"
urlpatterns = [
    path("finance/statements", views.statement_list, name="statements"),
    path("finance/statements/<uuid:ecf_id>", views.statement_detail, name="statement"),
    path("finance/statements/<uuid:ecf_id>/assurance.csv", views.assurance_csv, name="assurance"),
    path("finance/statements/<uuid:ecf_id>/adjustments", views.add_adjustment, name="adjust"),
    path("finance/statements/<uuid:ecf_id>/authorise", views.authorise, name="authorise"),
    path("finance/statements/<uuid:ecf_id>/move", views.move_declaration, name="move"),
    path("provider/statements", views.provider_statement_list, name="provider_statements"),
    path("provider/statements/<uuid:ecf_id>", views.statement_detail, name="provider_statement"),
]
