from django.db import migrations, models


class Migration(migrations.Migration):
    """PublicDataVersion, the record's clock, moved here from the project's app with its
    table (factcheck_publicdataversion)."""

    dependencies = [
        ("record", "0003_claim_reviewed_on"),
        ("factcheck", "0002_public_data_version_row"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PublicDataVersion",
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
                        ("changed_at", models.DateTimeField()),
                    ],
                    options={"db_table": "factcheck_publicdataversion"},
                )
            ]
        )
    ]
