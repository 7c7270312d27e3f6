"""Locate every existing excerpt in its source's stored text (docs/domain.md, "Locked
quotes"): an offset and the text's SHA-256 where found; no offset, the SHA-256 set, where
not (the record then says "not found in the stored text"); neither where the source keeps
no text. Source by source, so that each text is read once."""

from django.db import migrations

from claims.quotes import lock

BATCH = 500


def locate_excerpts(apps, schema_editor):
    Source = apps.get_model("sources", "Source")
    models = [apps.get_model("claims", "Appearance"), apps.get_model("claims", "Evidence")]
    db = schema_editor.connection.alias
    with_text = Source.objects.using(db).exclude(full_text="").only("id", "full_text")
    for source in with_text.iterator(chunk_size=100):
        for model in models:
            rows = list(
                model.objects.using(db)
                .filter(source_id=source.pk)
                .only("id", "excerpt", "excerpt_offset", "excerpt_text_sha256")
            )
            for row in rows:
                row.excerpt_offset, row.excerpt_text_sha256 = lock(row.excerpt, source.full_text)
            model.objects.using(db).bulk_update(
                rows, ["excerpt_offset", "excerpt_text_sha256"], batch_size=BATCH
            )


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0013_dispute_as_evidence"),
        ("sources", "0005_dispute_as_evidence"),
    ]

    operations = [
        migrations.RunPython(locate_excerpts, migrations.RunPython.noop, elidable=True)
    ]
