"""Facts now carry the school's region: drop the summaries so the next refresh rebuilds them in full."""

from typing import Any

from django.db import migrations, models


def clear_summaries(apps: Any, schema_editor: Any) -> None:
    apps.get_model("insights", "Fact").objects.all().delete()
    apps.get_model("insights", "Tally").objects.all().delete()
    apps.get_model("insights", "Refresh").objects.update(watermark=None, refreshed_at=None)


class Migration(migrations.Migration):
    dependencies = [("insights", "0001_initial"), ("reference", "0004_charts_school_region")]

    operations = [
        migrations.AlterField(
            model_name="fact",
            name="cells",
            field=models.JSONField(
                default=list, help_text="group, course, cohort, provider, partner, phase, region, area, ..."
            ),
        ),
        migrations.RunPython(clear_summaries, migrations.RunPython.noop),
    ]
