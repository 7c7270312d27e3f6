"""A GIN index on the claims' search vectors, and the vectors of existing claims. PostgreSQL
only: other databases search without them."""

from django.db import migrations

CREATE = "CREATE INDEX IF NOT EXISTS claim_search_vector ON claims_claim USING gin (search_vector)"
DROP = "DROP INDEX IF EXISTS claim_search_vector"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE)
    from claims.search import update_vectors_sql

    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT array_agg(id) FROM claims_claim")
        ids = cursor.fetchone()[0] or []
        if ids:
            cursor.execute(update_vectors_sql(), [ids])


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("claims", "0006_claim_search_vector")]

    operations = [migrations.RunPython(forwards, backwards)]
