from django.db import migrations, models


class Migration(migrations.Migration):
    """ApiKey, moved here from the project's app with its table (factcheck_apikey)."""

    initial = True

    dependencies = [("factcheck", "0002_public_data_version_row")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ApiKey",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "name",
                            models.CharField(
                                help_text="Who the key is for: “Example Daily”.", max_length=255
                            ),
                        ),
                        ("contact", models.EmailField(blank=True, max_length=254)),
                        ("prefix", models.CharField(editable=False, max_length=11)),
                        (
                            "key_hash",
                            models.CharField(editable=False, max_length=64, unique=True),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("revoked_at", models.DateTimeField(blank=True, null=True)),
                    ],
                    options={
                        "verbose_name": "API key",
                        "ordering": ["name"],
                        "db_table": "factcheck_apikey",
                    },
                )
            ]
        )
    ]
