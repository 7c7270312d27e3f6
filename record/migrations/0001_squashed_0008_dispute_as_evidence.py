"""The record app's migrations 0001 to 0008 in one (docs/operations.md, "Migrations"): each
model created as it is now; PublicDataVersion's table stays the one the project's app
created (factcheck 0001; 0004 moved the model here without touching it); the row every
publish locks (0002); on PostgreSQL, the GIN index on the claim documents' search vectors
(0006). A fresh database runs this one; a database that has applied some of 0001–0008 but
not all goes on with those files.

Left out, as they only change rows that existed before them (a fresh database has none):
0007's search forms and 0008's spans of dates."""

import django.contrib.postgres.search
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

SEARCH_VECTOR_INDEX = (
    "CREATE INDEX IF NOT EXISTS record_claim_search_vector "
    "ON record_claimdocument USING gin (search_vector)"
)
DROP_SEARCH_VECTOR_INDEX = "DROP INDEX IF EXISTS record_claim_search_vector"


def create_lock_row(apps, schema_editor):
    apps.get_model("record", "Lock").objects.get_or_create(pk=1)


def create_search_vector_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SEARCH_VECTOR_INDEX)


def drop_search_vector_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SEARCH_VECTOR_INDEX)


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ("record", "0001_initial"),
        ("record", "0002_lock_row"),
        ("record", "0003_claim_reviewed_on"),
        ("record", "0004_publicdataversion"),
        ("record", "0005_blank_fields"),
        ("record", "0006_claim_search_vector_index"),
        ("record", "0007_claim_search_forms"),
        ("record", "0008_dispute_as_evidence"),
    ]

    dependencies = [
        ("factcheck", "0002_public_data_version_row"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Lock',
            fields=[
                ('id', models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
            ],
        ),
        migrations.CreateModel(
            name='OutletDocument',
            fields=[
                ('id', models.PositiveBigIntegerField(primary_key=True, serialize=False)),
                ('version', models.PositiveIntegerField()),
                ('version_published_at', models.DateTimeField()),
                ('first_published_at', models.DateTimeField()),
                ('withdrawn_at', models.DateTimeField(blank=True, null=True)),
                ('withdrawn_reason', models.TextField(blank=True)),
                ('content', models.JSONField(help_text='The last published content (working copy snapshot).')),
                ('summary', models.JSONField(help_text='How other documents show this one.')),
                ('body', models.TextField(help_text='The detail answer, JSON text.')),
                ('card', models.TextField(blank=True, help_text='The list item, JSON text; empty when withdrawn.')),
                ('name', models.CharField(max_length=255)),
                ('outlet_kind', models.CharField(max_length=16)),
                ('country', models.CharField(blank=True, max_length=2)),
            ],
            options={
                'abstract': False,
            },
        ),
        # The table is factcheck 0001's, and its one row factcheck 0002's.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='PublicDataVersion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('changed_at', models.DateTimeField()),
                    ],
                    options={
                        'db_table': 'factcheck_publicdataversion',
                    },
                ),
            ]
        ),
        migrations.CreateModel(
            name='SourceDocument',
            fields=[
                ('id', models.PositiveBigIntegerField(primary_key=True, serialize=False)),
                ('version', models.PositiveIntegerField()),
                ('version_published_at', models.DateTimeField()),
                ('first_published_at', models.DateTimeField()),
                ('withdrawn_at', models.DateTimeField(blank=True, null=True)),
                ('withdrawn_reason', models.TextField(blank=True)),
                ('content', models.JSONField(help_text='The last published content (working copy snapshot).')),
                ('summary', models.JSONField(help_text='How other documents show this one.')),
                ('body', models.TextField(help_text='The detail answer, JSON text.')),
                ('card', models.TextField(blank=True, help_text='The list item, JSON text; empty when withdrawn.')),
                ('title', models.CharField(max_length=500)),
                ('outlet_id', models.PositiveBigIntegerField(blank=True, db_index=True, null=True)),
                ('source_kind', models.CharField(max_length=16)),
                ('language', models.CharField(blank=True, max_length=35)),
                ('published_on', models.DateField(blank=True, null=True)),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='ClaimDocument',
            fields=[
                ('id', models.PositiveBigIntegerField(primary_key=True, serialize=False)),
                ('version', models.PositiveIntegerField()),
                ('version_published_at', models.DateTimeField()),
                ('first_published_at', models.DateTimeField()),
                ('withdrawn_at', models.DateTimeField(blank=True, null=True)),
                ('withdrawn_reason', models.TextField(blank=True)),
                ('content', models.JSONField(help_text='The last published content (working copy snapshot).')),
                ('summary', models.JSONField(help_text='How other documents show this one.')),
                ('body', models.TextField(help_text='The detail answer, JSON text.')),
                ('card', models.TextField(blank=True, help_text='The list item, JSON text; empty when withdrawn.')),
                ('text', models.TextField()),
                ('language', models.CharField(max_length=35)),
                ('speaker_id', models.PositiveBigIntegerField(db_index=True)),
                ('speaker_slug', models.CharField(db_index=True, max_length=255)),
                ('stated_on', models.DateField(blank=True, null=True)),
                ('stated_on_precision', models.CharField(blank=True, max_length=5)),
                ('stated_sort', models.DateField()),
                ('stated_earliest', models.DateField(blank=True, null=True)),
                ('stated_latest', models.DateField(blank=True, null=True)),
                ('updated_at', models.DateTimeField(help_text='When this version was published.')),
                ('rating', models.CharField(blank=True, help_text="The verdict's slug.", max_length=100)),
                ('reviewed_on', models.DateField(blank=True, help_text='When the verdict was published.', null=True)),
                ('denial_count', models.PositiveIntegerField(default=0)),
                ('evidence_count', models.PositiveIntegerField(default=0)),
                ('search_text', models.TextField(blank=True)),
                ('search_config', models.CharField(default='simple', max_length=20)),
                ('original_search_config', models.CharField(default='simple', max_length=20)),
                ('search_vector', django.contrib.postgres.search.SearchVectorField(blank=True, null=True)),
            ],
            options={
                'indexes': [models.Index(models.F('stated_sort'), models.F('id'), condition=models.Q(('withdrawn_at__isnull', True)), name='record_claim_stated'), models.Index(models.F('updated_at'), models.F('id'), condition=models.Q(('withdrawn_at__isnull', True)), name='record_claim_upd'), models.Index(models.F('first_published_at'), models.F('id'), condition=models.Q(('withdrawn_at__isnull', True)), name='record_claim_first_pub'), models.Index(models.F('reviewed_on'), models.F('id'), condition=models.Q(('reviewed_on__isnull', False), ('withdrawn_at__isnull', True)), name='record_claim_reviewed')],
            },
        ),
        migrations.CreateModel(
            name='Link',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('from_kind', models.CharField(choices=[('claim', 'Claim'), ('speaker', 'Speaker'), ('source', 'Source'), ('outlet', 'Outlet')], max_length=8)),
                ('from_id', models.PositiveBigIntegerField()),
                ('relation', models.CharField(choices=[('speaker', 'said by'), ('appearance', 'reported in'), ('denies', 'denies'), ('confirms', 'confirms'), ('retracts', 'retracts'), ('clarifies', 'clarifies'), ('repeats', 'repeats'), ('counter_accuses', 'counter-accuses'), ('relay', 'is relayed from'), ('side', 'counts the side of'), ('evidence', 'is evidence from'), ('affiliation', 'belongs to'), ('outlet', 'published by')], max_length=16)),
                ('to_kind', models.CharField(choices=[('claim', 'Claim'), ('speaker', 'Speaker'), ('source', 'Source'), ('outlet', 'Outlet')], max_length=8)),
                ('to_id', models.PositiveBigIntegerField()),
            ],
            options={
                'indexes': [models.Index(fields=['to_kind', 'to_id', 'relation'], name='record_link_to')],
                'constraints': [models.UniqueConstraint(fields=('from_kind', 'from_id', 'relation', 'to_kind', 'to_id'), name='record_link_unique')],
            },
        ),
        migrations.CreateModel(
            name='SpeakerDocument',
            fields=[
                ('id', models.PositiveBigIntegerField(primary_key=True, serialize=False)),
                ('version', models.PositiveIntegerField()),
                ('version_published_at', models.DateTimeField()),
                ('first_published_at', models.DateTimeField()),
                ('withdrawn_at', models.DateTimeField(blank=True, null=True)),
                ('withdrawn_reason', models.TextField(blank=True)),
                ('content', models.JSONField(help_text='The last published content (working copy snapshot).')),
                ('summary', models.JSONField(help_text='How other documents show this one.')),
                ('body', models.TextField(help_text='The detail answer, JSON text.')),
                ('card', models.TextField(blank=True, help_text='The list item, JSON text; empty when withdrawn.')),
                ('slug', models.SlugField(max_length=255, unique=True)),
                ('name', models.CharField(max_length=255)),
                ('speaker_kind', models.CharField(max_length=16)),
                ('country', models.CharField(blank=True, max_length=2)),
                ('names', models.TextField()),
            ],
            options={
                'indexes': [models.Index(fields=['name', 'id'], name='record_speaker_name')],
            },
        ),
        migrations.CreateModel(
            name='ClaimTopic',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=100)),
                ('name', models.CharField(max_length=100)),
                ('claim', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='topics', to='record.claimdocument')),
            ],
            options={
                'indexes': [models.Index(fields=['slug', 'claim'], name='record_topic_slug')],
                'constraints': [models.UniqueConstraint(fields=('claim', 'slug'), name='record_claim_topic_unique')],
            },
        ),
        migrations.CreateModel(
            name='Version',
            fields=[
                ('seq', models.BigAutoField(help_text='Commit order across documents.', primary_key=True, serialize=False)),
                ('kind', models.CharField(choices=[('claim', 'Claim'), ('speaker', 'Speaker'), ('source', 'Source'), ('outlet', 'Outlet')], max_length=8)),
                ('object_id', models.PositiveBigIntegerField()),
                ('number', models.PositiveIntegerField(help_text='1 for the first version, then 2, 3, …')),
                ('event', models.CharField(choices=[('published', 'Published'), ('updated', 'Updated'), ('withdrawn', 'Withdrawn')], max_length=9)),
                ('published_at', models.DateTimeField()),
                ('summary', models.CharField(blank=True, help_text='What changed, in words: “Verdict: False”.', max_length=500)),
                ('changes', models.JSONField(blank=True, default=dict, help_text='Fields changed ({"text": null, "verdict": {"from": …, "to": …}}), or {"reason": …} for a withdrawal.')),
                ('content', models.JSONField(blank=True, help_text="The document's own published content; null when withdrawn.", null=True)),
                ('body', models.TextField(help_text='The API answer at this version, as JSON text.')),
                ('published_by', models.ForeignKey(blank=True, help_text='The editor who published it; empty when a document showing another was updated with it, or the account is gone. Never shown to the public.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['seq'],
                'indexes': [models.Index(fields=['kind', 'object_id', 'number'], name='record_version_doc')],
                'constraints': [models.UniqueConstraint(fields=('kind', 'object_id', 'number'), name='record_version_unique_number'), models.CheckConstraint(condition=models.Q(('number__gte', 1)), name='record_version_number'), models.CheckConstraint(condition=models.Q(('kind__in', ['claim', 'speaker', 'source', 'outlet'])), name='record_version_kind_valid'), models.CheckConstraint(condition=models.Q(('event__in', ['published', 'updated', 'withdrawn'])), name='record_version_event_valid')],
            },
        ),
        migrations.RunPython(create_lock_row, migrations.RunPython.noop),
        migrations.RunPython(create_search_vector_index, drop_search_vector_index),
    ]
