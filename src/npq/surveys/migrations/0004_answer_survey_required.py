"""Every answer now names its survey (a separate migration: PostgreSQL will not alter a table with
the backfill's foreign key checks still pending in the same transaction)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("surveys", "0003_answer_groups")]

    operations = [
        migrations.AlterField(
            model_name="answer",
            name="survey",
            field=models.ForeignKey(
                db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="surveys.survey"
            ),
        ),
    ]
