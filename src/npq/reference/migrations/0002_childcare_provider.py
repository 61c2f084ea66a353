from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reference", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="ChildcareProvider",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("ofsted_urn", models.CharField(max_length=10, unique=True)),
                ("name", models.CharField(blank=True, max_length=200)),
                ("provider_type", models.CharField(blank=True, max_length=100)),
                ("provider_subtype", models.CharField(blank=True, max_length=100)),
                ("status", models.CharField(blank=True, max_length=40)),
                ("is_active", models.BooleanField(default=True)),
                (
                    "registers",
                    models.CharField(blank=True, help_text="EYR, CCR and VCR, space-separated", max_length=20),
                ),
                ("registration_date", models.DateField(blank=True, null=True)),
                ("street", models.CharField(blank=True, max_length=300)),
                ("town", models.CharField(blank=True, max_length=100)),
                ("postcode", models.CharField(blank=True, max_length=10)),
                ("local_authority", models.CharField(blank=True, max_length=100)),
                ("region", models.CharField(blank=True, max_length=60)),
                ("places", models.PositiveIntegerField(blank=True, null=True)),
                ("closed_at", models.DateField(blank=True, null=True)),
                (
                    "search_text",
                    models.TextField(
                        blank=True, help_text="Normalised name, town, postcode, Ofsted URN and local authority"
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "ordering": ["name", "ofsted_urn"],
                "indexes": [models.Index(fields=["is_active", "name"], name="childcare_active_name_idx")],
            },
        ),
    ]
