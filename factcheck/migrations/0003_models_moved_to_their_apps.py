from django.db import migrations


class Migration(migrations.Migration):
    """ApiKey moved to ``serving`` and PublicDataVersion to ``record``, each in its own
    concern's app. The tables stay where they are (the models name them): only Django's
    idea of which app owns them changes."""

    dependencies = [
        ("factcheck", "0002_public_data_version_row"),
        ("serving", "0001_initial"),
        ("record", "0004_publicdataversion"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ApiKey"),
                migrations.DeleteModel(name="PublicDataVersion"),
            ]
        )
    ]
