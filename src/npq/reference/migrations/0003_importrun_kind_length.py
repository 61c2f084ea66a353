from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reference", "0002_childcare_provider"),
    ]

    operations = [
        migrations.AlterField(
            model_name="importrun",
            name="kind",
            field=models.CharField(max_length=60),
        ),
    ]
