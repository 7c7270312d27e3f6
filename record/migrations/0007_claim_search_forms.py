"""Search in every script and Unicode form (docs/search.md): each live claim document's
``search_text`` becomes its search form, one line per part (claims.search.search_form), and
on PostgreSQL its vector is built from those lines, the original text in the configuration
of its own language (``original_search_config``).

Python computes the forms (NFKC, case folding and pairs of letters have no SQL
equivalent); PostgreSQL extracts the three parts from each stored answer and writes the text
and the vector in one UPDATE per batch, with the GIN index dropped meanwhile and built once
at the end. Timing at 1,000,000 claims: docs/benchmarks.md. Withdrawn documents are never
searched and keep their text until they are published again."""

import json

from django.db import migrations, models

from record.search import search_text, vector_assignments

BATCH = 5000
INDEX = "record_claim_search_vector"


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        _forwards_postgresql(connection)
        return
    ClaimDocument = apps.get_model("record", "ClaimDocument")
    live = ClaimDocument.objects.filter(withdrawn_at__isnull=True).only("pk", "body")
    changed = []
    for document in live.iterator(chunk_size=BATCH):
        body = json.loads(document.body)
        parts = [body["text"], body["original_text"]]
        document.search_text = search_text(parts + [a["excerpt"] for a in body["appearances"]])
        changed.append(document)
        if len(changed) == BATCH:
            ClaimDocument.objects.bulk_update(changed, ["search_text"])
            changed = []
    ClaimDocument.objects.bulk_update(changed, ["search_text"])


def _forwards_postgresql(connection):
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        last = 0
        while True:
            # The parts of the stored answer, read by PostgreSQL: not the whole answer.
            cursor.execute(
                """
                SELECT id, b->>'text', b->>'original_text',
                    ARRAY(SELECT a->>'excerpt' FROM json_array_elements(b->'appearances') a)
                FROM (
                    SELECT id, body::json AS b FROM record_claimdocument
                    WHERE withdrawn_at IS NULL AND id > %s ORDER BY id LIMIT %s
                ) AS batch
                """,
                [last, BATCH],
            )
            rows = cursor.fetchall()
            if not rows:
                break
            ids = [row[0] for row in rows]
            texts = [search_text([text, original, *excerpts]) for _, text, original, excerpts in rows]
            cursor.execute(
                f"""
                UPDATE record_claimdocument AS d SET
                    search_text = v.search_text, {vector_assignments("v.search_text")}
                FROM unnest(%s::bigint[], %s::text[]) AS v(id, search_text)
                WHERE d.id = v.id
                """,
                [ids, texts],
            )
            last = ids[-1]
        cursor.execute(f"CREATE INDEX {INDEX} ON record_claimdocument USING gin (search_vector)")


class Migration(migrations.Migration):
    dependencies = [("record", "0006_claim_search_vector_index")]

    operations = [
        migrations.AddField(
            model_name="claimdocument",
            name="original_search_config",
            field=models.CharField(default="simple", max_length=20),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True),
    ]
