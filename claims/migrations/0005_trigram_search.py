"""pg_trgm and a GIN trigram index on claim texts, for the duplicate warning. PostgreSQL
only: on other databases the similarity lookup falls back to word overlap."""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS claim_text_trgm ON claims_claim USING gin (text gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS claim_text_trgm"]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("claims", "0004_publish_permission")]

    operations = [migrations.RunPython(run(CREATE), run(DROP))]
