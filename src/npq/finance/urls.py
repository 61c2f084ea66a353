from django.urls import path

from npq.finance.views import controls, statements

app_name = "finance"
urlpatterns = [
    path("finance/statements", statements.statement_list, name="statements"),
    path("finance/statements/advance", controls.advance, name="advance"),
    path("finance/statements/<uuid:ecf_id>", statements.statement_detail, name="statement"),
    path("finance/statements/<uuid:ecf_id>/assurance.csv", statements.assurance_csv, name="assurance"),
    path("finance/statements/<uuid:ecf_id>/adjustments", controls.add_adjustment, name="adjust"),
    path(
        "finance/statements/<uuid:ecf_id>/adjustments/<int:line_id>/reverse",
        controls.reverse_adjustment,
        name="reverse_adjustment",
    ),
    path("finance/statements/<uuid:ecf_id>/authorise", controls.authorise, name="authorise"),
    path("finance/statements/<uuid:ecf_id>/paid", controls.mark_paid, name="mark_paid"),
    path("finance/statements/<uuid:ecf_id>/move", controls.move_declaration, name="move"),
    path("provider/statements", statements.provider_statement_list, name="provider_statements"),
    path("provider/statements/<uuid:ecf_id>", statements.statement_detail, name="provider_statement"),
]
