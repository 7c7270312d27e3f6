"""A hash index on claim texts, for finding claims by their exact text (the ClaimReview
import looks up each batch's texts at once: without it, a scan of every claim per batch).
A hash index, not a B-tree: texts of any length, and only equality is asked. PostgreSQL
only, as the trigram index (0005)."""

from django.db import migrations

CREATE = ["CREATE INDEX IF NOT EXISTS claim_text_hash ON claims_claim USING hash (text)"]
DROP = ["DROP INDEX IF EXISTS claim_text_hash"]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("claims", "0014_locate_excerpts")]

    operations = [migrations.RunPython(run(CREATE), run(DROP))]
