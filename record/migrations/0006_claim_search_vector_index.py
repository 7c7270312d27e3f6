"""A GIN index on the published claims' search vectors. PostgreSQL only: other databases
search the stored text without it. Without it a rare word reads every claim document."""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS record_claim_search_vector "
    "ON record_claimdocument USING gin (search_vector)"
)
DROP = "DROP INDEX IF EXISTS record_claim_search_vector"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("record", "0005_blank_fields")]

    operations = [migrations.RunPython(forwards, backwards)]
