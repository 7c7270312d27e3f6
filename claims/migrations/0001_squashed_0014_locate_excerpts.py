"""The claims app's migrations 0001 to 0014 in one (docs/operations.md, "Migrations"): each
model created as it is now, then what the models cannot say: on PostgreSQL, ``pg_trgm`` and
the GIN indexes on claim texts (trigrams, for the duplicate warning) and on their search
vectors (0005, 0007). A fresh database runs this one; a database that has applied some of
0001–0014 but not all goes on with those files.

Left out, as they only change rows that existed before them (a fresh database has none, and
its permissions are created after every migration, under the models' current names): 0007's
vectors of existing claims, 0012's renamed permissions, 0013's kept first-appearance ticks,
0014's located excerpts."""

import datetime
import django.contrib.postgres.search
import django.core.validators
import django.db.models.deletion
import django.db.models.functions.comparison
import simple_history.models
from django.conf import settings
from django.db import migrations, models

POSTGRESQL_INDEXES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS claim_text_trgm ON claims_claim USING gin (text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS claim_search_vector ON claims_claim USING gin (search_vector)",
]
DROP_POSTGRESQL_INDEXES = [
    "DROP INDEX IF EXISTS claim_search_vector",
    "DROP INDEX IF EXISTS claim_text_trgm",
]


def run_on_postgresql(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ("claims", "0001_initial"),
        ("claims", "0002_claim_published_at_index"),
        ("claims", "0003_historicalappearance_historicalclaim_and_more"),
        ("claims", "0004_publish_permission"),
        ("claims", "0005_trigram_search"),
        ("claims", "0006_claim_search_vector"),
        ("claims", "0007_search_vector_index"),
        ("claims", "0008_claim_published_stated_sort"),
        ("claims", "0009_claim_published_order_index"),
        ("claims", "0010_review_published_order_index"),
        ("claims", "0011_codes_end_at_the_end"),
        ("claims", "0012_claim_links"),
        ("claims", "0013_dispute_as_evidence"),
        ("claims", "0014_locate_excerpts"),
    ]

    dependencies = [
        ("sources", "0005_dispute_as_evidence"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='RatingScale',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100, unique=True)),
                ('slug', models.SlugField(max_length=100, unique=True)),
                ('description', models.TextField(blank=True)),
            ],
            options={
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='Rating',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text='As readers see it: “Mostly false”.', max_length=100)),
                ('slug', models.SlugField(max_length=100)),
                ('position', models.PositiveSmallIntegerField(help_text='Order on the scale, 1 first.')),
                ('value', models.PositiveSmallIntegerField(blank=True, help_text='Numeric rating for schema.org (higher is truer); empty for a rating off the true–false line, such as Unproven.', null=True)),
                ('description', models.TextField(blank=True)),
                ('scale', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='ratings', to='claims.ratingscale')),
            ],
            options={
                'ordering': ['scale', 'position'],
                'constraints': [models.UniqueConstraint(fields=('scale', 'position'), name='rating_unique_position'), models.UniqueConstraint(fields=('scale', 'slug'), name='rating_unique_slug'), models.UniqueConstraint(fields=('scale', 'name'), name='rating_unique_name'), models.UniqueConstraint(condition=models.Q(('value__isnull', False)), fields=('scale', 'value'), name='rating_unique_value')],
            },
        ),
        migrations.CreateModel(
            name='Tag',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100, unique=True)),
                ('slug', models.SlugField(max_length=100, unique=True)),
            ],
            options={
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalRatingScale',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('name', models.CharField(db_index=True, max_length=100)),
                ('slug', models.SlugField(max_length=100)),
                ('description', models.TextField(blank=True)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical rating scale',
                'verbose_name_plural': 'historical rating scales',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalTag',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('name', models.CharField(db_index=True, max_length=100)),
                ('slug', models.SlugField(max_length=100)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical tag',
                'verbose_name_plural': 'historical tags',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalRating',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('name', models.CharField(help_text='As readers see it: “Mostly false”.', max_length=100)),
                ('slug', models.SlugField(max_length=100)),
                ('position', models.PositiveSmallIntegerField(help_text='Order on the scale, 1 first.')),
                ('value', models.PositiveSmallIntegerField(blank=True, help_text='Numeric rating for schema.org (higher is truer); empty for a rating off the true–false line, such as Unproven.', null=True)),
                ('description', models.TextField(blank=True)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('scale', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.ratingscale')),
            ],
            options={
                'verbose_name': 'historical rating',
                'verbose_name_plural': 'historical ratings',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Speaker',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=255)),
                ('slug', models.SlugField(max_length=255, unique=True)),
                ('kind', models.CharField(choices=[('person', 'Person'), ('organisation', 'Organisation'), ('unnamed_source', 'Unnamed source')], max_length=16)),
                ('description', models.TextField(blank=True)),
                ('country', models.CharField(blank=True, help_text='ISO code: RU', max_length=2, validators=[django.core.validators.RegexValidator('^[A-Z]{2}\\Z', 'Enter a two-letter ISO 3166-1 country code in capitals, such as RU or US.', code='invalid_country')])),
                ('wikidata_id', models.CharField(blank=True, help_text='Q followed by digits, such as Q42.', max_length=20, validators=[django.core.validators.RegexValidator('^Q[1-9][0-9]*\\Z', 'A Wikidata id is the letter Q followed by digits, such as Q42.', code='invalid_wikidata_id')], verbose_name='Wikidata id')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('affiliation', models.ForeignKey(blank=True, help_text='The organisation the speaker belongs to or speaks for.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='members', to='claims.speaker')),
            ],
            options={
                'ordering': ['name'],
                'constraints': [models.CheckConstraint(condition=models.Q(('kind__in', ['person', 'organisation', 'unnamed_source'])), name='speaker_kind_valid'), models.CheckConstraint(condition=models.Q(('wikidata_id', ''), ('wikidata_id__regex', '^Q[1-9][0-9]*$'), _connector='OR'), name='speaker_wikidata_id_format', violation_error_message='A Wikidata id is the letter Q followed by digits.'), models.UniqueConstraint(condition=models.Q(('wikidata_id', ''), _negated=True), fields=('wikidata_id',), name='speaker_wikidata_id_unique', violation_error_message='Another speaker already has this Wikidata id.'), models.CheckConstraint(condition=models.Q(('affiliation', models.F('pk')), _negated=True), name='speaker_not_own_affiliation', violation_error_message='A speaker cannot be its own affiliation.'), models.CheckConstraint(condition=models.Q(models.Q(('kind', 'unnamed_source'), _negated=True), ('affiliation__isnull', False), _connector='OR'), name='speaker_unnamed_source_has_affiliation', violation_error_message='An unnamed source must belong to an organisation.')],
            },
        ),
        migrations.CreateModel(
            name='Claim',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('in_review', 'In review'), ('published', 'Published'), ('withdrawn', 'Withdrawn')], db_index=True, default='draft', max_length=16)),
                ('published_at', models.DateTimeField(blank=True, help_text='When it was first published.', null=True)),
                ('withdrawn_at', models.DateTimeField(blank=True, null=True)),
                ('withdrawn_reason', models.TextField(blank=True, help_text="Shown to readers at the withdrawn item's address.")),
                ('text', models.TextField(help_text='The claim as stated (a quote) or as reported (a paraphrase), in `language`.')),
                ('is_quote', models.BooleanField(default=False, help_text="Ticked: the speaker's own words. Unticked: a paraphrase of what was said.", verbose_name='quote')),
                ('language', models.CharField(default='en', help_text='Language of the text above, such as en.', max_length=35, validators=[django.core.validators.RegexValidator('^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*\\Z', 'Enter a language code such as en, ru or pt-BR.', code='invalid_language')])),
                ('original_text', models.TextField(blank=True, help_text='The statement in the language it was made in, when translated.')),
                ('original_language', models.CharField(blank=True, max_length=35, validators=[django.core.validators.RegexValidator('^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*\\Z', 'Enter a language code such as en, ru or pt-BR.', code='invalid_language')])),
                ('speaker_title', models.CharField(blank=True, help_text="The speaker's title as the source gives it: “Russian Foreign Minister”.", max_length=255)),
                ('stated_on', models.DateField(blank=True, help_text='For month or year precision, any day in that month or year; it is stored as the first.', null=True)),
                ('stated_on_precision', models.CharField(blank=True, choices=[('day', 'Day'), ('month', 'Month'), ('year', 'Year')], max_length=5)),
                ('stated_on_inferred', models.BooleanField(default=False, help_text='Part of the date was worked out by the curator.')),
                ('stated_not_before', models.DateField(blank=True, help_text="The earliest day it can have been said (Wikidata's “earliest date”).", null=True, verbose_name='not before')),
                ('stated_not_after', models.DateField(blank=True, help_text="The latest day it can have been said (Wikidata's “latest date”).", null=True, verbose_name='not after')),
                ('stated_on_note', models.CharField(blank=True, help_text="How the date or its bounds were worked out: “the SDF answered the MoD's 27 May claim; TASS reported the answer on 31 May”.", max_length=255)),
                ('place', models.CharField(blank=True, max_length=255)),
                ('occasion', models.CharField(blank=True, max_length=255)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('search_config', models.CharField(default='simple', editable=False, max_length=20)),
                ('search_vector', django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
                ('speaker', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='claims', to='claims.speaker')),
                ('tags', models.ManyToManyField(blank=True, related_name='claims', to='claims.tag')),
            ],
            options={
                'ordering': ['-stated_on', '-id'],
                'permissions': [('publish_claim', 'Can publish and withdraw claims and reviews, and correct them')],
                'indexes': [models.Index(fields=['status', 'stated_on'], name='claim_status_stated_on'), models.Index(fields=['status', '-published_at', '-id'], name='claim_status_published_id'), models.Index(models.OrderBy(django.db.models.functions.comparison.Coalesce('stated_on', models.Value(datetime.date(1, 1, 1)), output_field=models.DateField()), descending=True), models.OrderBy(models.F('id'), descending=True), condition=models.Q(('status', 'published')), name='claim_published_stated_sort')],
                'constraints': [models.CheckConstraint(condition=models.Q(('status__in', ['draft', 'in_review', 'published', 'withdrawn'])), name='claims_claim_status_valid'), models.CheckConstraint(condition=models.Q(('status__in', ['draft', 'in_review']), ('published_at__isnull', False), _connector='OR'), name='claims_claim_published_has_date'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'withdrawn'), _negated=True), models.Q(('withdrawn_at__isnull', False), models.Q(('withdrawn_reason', ''), _negated=True)), _connector='OR'), name='claims_claim_withdrawn_has_reason'), models.CheckConstraint(condition=models.Q(('stated_on_precision__in', ['day', 'month', 'year', ''])), name='claim_stated_on_precision_valid'), models.CheckConstraint(condition=models.Q(models.Q(('stated_on__isnull', True), ('stated_on_precision', '')), models.Q(('stated_on__isnull', False), models.Q(('stated_on_precision', ''), _negated=True)), _connector='OR'), name='claim_stated_on_has_precision', violation_error_message='A date needs a precision, and a precision needs a date.'), models.CheckConstraint(condition=models.Q(('stated_not_before__isnull', True), ('stated_not_after__isnull', True), ('stated_not_before__lte', models.F('stated_not_after')), _connector='OR'), name='claim_stated_bounds_ordered', violation_error_message='“Not before” must come before “not after”.'), models.CheckConstraint(condition=models.Q(('original_text', ''), models.Q(('original_language', ''), _negated=True), _connector='OR'), name='claim_original_text_has_language', violation_error_message='Say which language the original text is in.')],
            },
        ),
        migrations.CreateModel(
            name='ClaimLink',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('type', models.CharField(choices=[('denies', 'denies'), ('confirms', 'confirms'), ('retracts', 'retracts'), ('clarifies', 'clarifies'), ('repeats', 'repeats'), ('counter_accuses', 'counter-accuses')], default='denies', max_length=16)),
                ('note', models.TextField(blank=True, help_text="A curator's note on the link.")),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('from_claim', models.ForeignKey(help_text='The claim that answers.', on_delete=django.db.models.deletion.PROTECT, related_name='links_out', to='claims.claim')),
                ('to_claim', models.ForeignKey(help_text='The claim it answers.', on_delete=django.db.models.deletion.PROTECT, related_name='links_in', to='claims.claim')),
            ],
            options={
                'verbose_name': 'link between claims',
                'verbose_name_plural': 'links between claims',
                'ordering': ['id'],
                'constraints': [models.CheckConstraint(condition=models.Q(('type__in', ['denies', 'confirms', 'retracts', 'clarifies', 'repeats', 'counter_accuses'])), name='claim_link_type_valid'), models.CheckConstraint(condition=models.Q(('from_claim', models.F('to_claim')), _negated=True), name='claim_link_not_self', violation_error_message='A claim cannot answer itself.'), models.UniqueConstraint(fields=('from_claim', 'to_claim'), name='claim_link_unique_pair', violation_error_message='These two claims are already linked.')],
            },
        ),
        migrations.CreateModel(
            name='Correction',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('note', models.TextField(help_text='What changed, in words a reader understands.')),
                ('corrected_on', models.DateField()),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('claim', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='corrections', to='claims.claim')),
            ],
            options={
                'ordering': ['corrected_on', 'id'],
            },
        ),
        migrations.CreateModel(
            name='Evidence',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('excerpt_offset', models.PositiveIntegerField(blank=True, editable=False, help_text="Where the excerpt begins in the source's stored text, in characters.", null=True)),
                ('excerpt_text_sha256', models.CharField(blank=True, editable=False, help_text='The text the excerpt was found in, as a hex SHA-256.', max_length=64, verbose_name="SHA-256 of the source's text")),
                ('stance', models.CharField(choices=[('corroborates', 'Corroborates'), ('contradicts', 'Contradicts'), ('context', 'Adds context')], max_length=16)),
                ('excerpt', models.TextField(blank=True)),
                ('note', models.TextField(blank=True, help_text='Why it bears on the claim.')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('backing_claim', models.ForeignKey(blank=True, help_text='A statement by someone else that bears on the claim.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='cited_as_evidence', to='claims.claim')),
                ('claim', models.ForeignKey(help_text='The claim this evidence bears on.', on_delete=django.db.models.deletion.CASCADE, related_name='evidence', to='claims.claim')),
                ('source', models.ForeignKey(blank=True, help_text='The document, report or footage.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='evidence', to='sources.source')),
            ],
            options={
                'verbose_name_plural': 'evidence',
                'ordering': ['id'],
                'constraints': [models.CheckConstraint(condition=models.Q(('stance__in', ['corroborates', 'contradicts', 'context'])), name='evidence_stance_valid'), models.CheckConstraint(condition=models.Q(('source__isnull', False), ('backing_claim__isnull', False), _connector='OR'), name='evidence_has_source_or_claim', violation_error_message='Evidence needs a source, a claim, or both.'), models.CheckConstraint(condition=models.Q(('backing_claim', models.F('claim')), _negated=True), name='evidence_not_own_claim', violation_error_message='A claim cannot be evidence for itself.'), models.UniqueConstraint(condition=models.Q(('backing_claim__isnull', False)), fields=('claim', 'backing_claim'), name='evidence_unique_backing_claim', violation_error_message='This claim is already evidence here.'), models.UniqueConstraint(condition=models.Q(('backing_claim__isnull', True)), fields=('claim', 'source'), name='evidence_unique_source', violation_error_message='This source is already evidence here.')],
            },
        ),
        migrations.CreateModel(
            name='HistoricalAppearance',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('excerpt_offset', models.PositiveIntegerField(blank=True, editable=False, help_text="Where the excerpt begins in the source's stored text, in characters.", null=True)),
                ('excerpt_text_sha256', models.CharField(blank=True, editable=False, help_text='The text the excerpt was found in, as a hex SHA-256.', max_length=64, verbose_name="SHA-256 of the source's text")),
                ('excerpt', models.TextField(help_text='The passage exactly as the source printed it.')),
                ('attribution', models.CharField(blank=True, help_text='How the source attributes it: “A source in Russia’s Defense Ministry said on May 27”.', max_length=500)),
                ('marked_first', models.BooleanField(default=False, help_text="Only when the sources' dates do not show it; the first appearance is otherwise worked out from them.", verbose_name='first known appearance (override)')),
                ('marked_first_reason', models.CharField(blank=True, help_text='Required with the override: what shows this report came first.', max_length=500, verbose_name='why it is the first')),
                ('created_at', models.DateTimeField(blank=True, editable=False)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('claim', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.claim')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('relayed_from', models.ForeignKey(blank=True, db_constraint=False, help_text='The source this one took the statement from: “carried by Sputnik”, “quoting RIA Novosti”.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='sources.source')),
                ('source', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='sources.source')),
            ],
            options={
                'verbose_name': 'historical appearance',
                'verbose_name_plural': 'historical appearances',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalClaimLink',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('type', models.CharField(choices=[('denies', 'denies'), ('confirms', 'confirms'), ('retracts', 'retracts'), ('clarifies', 'clarifies'), ('repeats', 'repeats'), ('counter_accuses', 'counter-accuses')], default='denies', max_length=16)),
                ('note', models.TextField(blank=True, help_text="A curator's note on the link.")),
                ('created_at', models.DateTimeField(blank=True, editable=False)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('from_claim', models.ForeignKey(blank=True, db_constraint=False, help_text='The claim that answers.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.claim')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('to_claim', models.ForeignKey(blank=True, db_constraint=False, help_text='The claim it answers.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.claim')),
            ],
            options={
                'verbose_name': 'historical link between claims',
                'verbose_name_plural': 'historical links between claims',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalCorrection',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('note', models.TextField(help_text='What changed, in words a reader understands.')),
                ('corrected_on', models.DateField()),
                ('created_at', models.DateTimeField(blank=True, editable=False)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('claim', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.claim')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical correction',
                'verbose_name_plural': 'historical corrections',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalEvidence',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('excerpt_offset', models.PositiveIntegerField(blank=True, editable=False, help_text="Where the excerpt begins in the source's stored text, in characters.", null=True)),
                ('excerpt_text_sha256', models.CharField(blank=True, editable=False, help_text='The text the excerpt was found in, as a hex SHA-256.', max_length=64, verbose_name="SHA-256 of the source's text")),
                ('stance', models.CharField(choices=[('corroborates', 'Corroborates'), ('contradicts', 'Contradicts'), ('context', 'Adds context')], max_length=16)),
                ('excerpt', models.TextField(blank=True)),
                ('note', models.TextField(blank=True, help_text='Why it bears on the claim.')),
                ('created_at', models.DateTimeField(blank=True, editable=False)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('backing_claim', models.ForeignKey(blank=True, db_constraint=False, help_text='A statement by someone else that bears on the claim.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.claim')),
                ('claim', models.ForeignKey(blank=True, db_constraint=False, help_text='The claim this evidence bears on.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.claim')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('source', models.ForeignKey(blank=True, db_constraint=False, help_text='The document, report or footage.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='sources.source')),
            ],
            options={
                'verbose_name': 'historical evidence',
                'verbose_name_plural': 'historical evidence',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalReview',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('in_review', 'In review'), ('published', 'Published'), ('withdrawn', 'Withdrawn')], db_index=True, default='draft', max_length=16)),
                ('published_at', models.DateTimeField(blank=True, help_text='When it was first published.', null=True)),
                ('withdrawn_at', models.DateTimeField(blank=True, null=True)),
                ('withdrawn_reason', models.TextField(blank=True, help_text="Shown to readers at the withdrawn item's address.")),
                ('summary', models.TextField(help_text='The verdict in a sentence or two.')),
                ('reasoning', models.TextField(blank=True)),
                ('reviewer_name', models.CharField(blank=True, max_length=255)),
                ('reviewer_organisation', models.CharField(max_length=255)),
                ('url', models.URLField(blank=True, help_text='Where the review was first published, when it was imported.', max_length=500)),
                ('reviewed_on', models.DateField(help_text='When the verdict was first published.')),
                ('updated_on', models.DateField(blank=True, null=True)),
                ('created_at', models.DateTimeField(blank=True, editable=False)),
                ('updated_at', models.DateTimeField(blank=True, editable=False)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('claim', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.claim')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('rating', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.rating')),
            ],
            options={
                'verbose_name': 'historical review',
                'verbose_name_plural': 'historical reviews',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Review',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('in_review', 'In review'), ('published', 'Published'), ('withdrawn', 'Withdrawn')], db_index=True, default='draft', max_length=16)),
                ('published_at', models.DateTimeField(blank=True, help_text='When it was first published.', null=True)),
                ('withdrawn_at', models.DateTimeField(blank=True, null=True)),
                ('withdrawn_reason', models.TextField(blank=True, help_text="Shown to readers at the withdrawn item's address.")),
                ('summary', models.TextField(help_text='The verdict in a sentence or two.')),
                ('reasoning', models.TextField(blank=True)),
                ('reviewer_name', models.CharField(blank=True, max_length=255)),
                ('reviewer_organisation', models.CharField(max_length=255)),
                ('url', models.URLField(blank=True, help_text='Where the review was first published, when it was imported.', max_length=500)),
                ('reviewed_on', models.DateField(help_text='When the verdict was first published.')),
                ('updated_on', models.DateField(blank=True, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('claim', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='review', to='claims.claim')),
                ('rating', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reviews', to='claims.rating')),
            ],
            options={
                'ordering': ['-reviewed_on', '-id'],
                'indexes': [models.Index(condition=models.Q(('status', 'published')), fields=['-reviewed_on', '-id'], name='review_published_order')],
                'constraints': [models.CheckConstraint(condition=models.Q(('status__in', ['draft', 'in_review', 'published', 'withdrawn'])), name='claims_review_status_valid'), models.CheckConstraint(condition=models.Q(('status__in', ['draft', 'in_review']), ('published_at__isnull', False), _connector='OR'), name='claims_review_published_has_date'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'withdrawn'), _negated=True), models.Q(('withdrawn_at__isnull', False), models.Q(('withdrawn_reason', ''), _negated=True)), _connector='OR'), name='claims_review_withdrawn_has_reason'), models.UniqueConstraint(condition=models.Q(('url', ''), _negated=True), fields=('url',), name='review_url_unique', violation_error_message='A review with this URL is already recorded.'), models.CheckConstraint(condition=models.Q(('updated_on__isnull', True), ('updated_on__gte', models.F('reviewed_on')), _connector='OR'), name='review_updated_after_reviewed', violation_error_message='The update date cannot be before the review date.')],
            },
        ),
        migrations.CreateModel(
            name='HistoricalSpeakerAlias',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('name', models.CharField(max_length=255)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('speaker', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.speaker')),
            ],
            options={
                'verbose_name': 'historical speaker alias',
                'verbose_name_plural': 'historical speaker aliases',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalSpeaker',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('name', models.CharField(max_length=255)),
                ('slug', models.SlugField(max_length=255)),
                ('kind', models.CharField(choices=[('person', 'Person'), ('organisation', 'Organisation'), ('unnamed_source', 'Unnamed source')], max_length=16)),
                ('description', models.TextField(blank=True)),
                ('country', models.CharField(blank=True, help_text='ISO code: RU', max_length=2, validators=[django.core.validators.RegexValidator('^[A-Z]{2}\\Z', 'Enter a two-letter ISO 3166-1 country code in capitals, such as RU or US.', code='invalid_country')])),
                ('wikidata_id', models.CharField(blank=True, help_text='Q followed by digits, such as Q42.', max_length=20, validators=[django.core.validators.RegexValidator('^Q[1-9][0-9]*\\Z', 'A Wikidata id is the letter Q followed by digits, such as Q42.', code='invalid_wikidata_id')], verbose_name='Wikidata id')),
                ('created_at', models.DateTimeField(blank=True, editable=False)),
                ('updated_at', models.DateTimeField(blank=True, editable=False)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('affiliation', models.ForeignKey(blank=True, db_constraint=False, help_text='The organisation the speaker belongs to or speaks for.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.speaker')),
            ],
            options={
                'verbose_name': 'historical speaker',
                'verbose_name_plural': 'historical speakers',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalClaim',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('in_review', 'In review'), ('published', 'Published'), ('withdrawn', 'Withdrawn')], db_index=True, default='draft', max_length=16)),
                ('published_at', models.DateTimeField(blank=True, help_text='When it was first published.', null=True)),
                ('withdrawn_at', models.DateTimeField(blank=True, null=True)),
                ('withdrawn_reason', models.TextField(blank=True, help_text="Shown to readers at the withdrawn item's address.")),
                ('text', models.TextField(help_text='The claim as stated (a quote) or as reported (a paraphrase), in `language`.')),
                ('is_quote', models.BooleanField(default=False, help_text="Ticked: the speaker's own words. Unticked: a paraphrase of what was said.", verbose_name='quote')),
                ('language', models.CharField(default='en', help_text='Language of the text above, such as en.', max_length=35, validators=[django.core.validators.RegexValidator('^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*\\Z', 'Enter a language code such as en, ru or pt-BR.', code='invalid_language')])),
                ('original_text', models.TextField(blank=True, help_text='The statement in the language it was made in, when translated.')),
                ('original_language', models.CharField(blank=True, max_length=35, validators=[django.core.validators.RegexValidator('^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*\\Z', 'Enter a language code such as en, ru or pt-BR.', code='invalid_language')])),
                ('speaker_title', models.CharField(blank=True, help_text="The speaker's title as the source gives it: “Russian Foreign Minister”.", max_length=255)),
                ('stated_on', models.DateField(blank=True, help_text='For month or year precision, any day in that month or year; it is stored as the first.', null=True)),
                ('stated_on_precision', models.CharField(blank=True, choices=[('day', 'Day'), ('month', 'Month'), ('year', 'Year')], max_length=5)),
                ('stated_on_inferred', models.BooleanField(default=False, help_text='Part of the date was worked out by the curator.')),
                ('stated_not_before', models.DateField(blank=True, help_text="The earliest day it can have been said (Wikidata's “earliest date”).", null=True, verbose_name='not before')),
                ('stated_not_after', models.DateField(blank=True, help_text="The latest day it can have been said (Wikidata's “latest date”).", null=True, verbose_name='not after')),
                ('stated_on_note', models.CharField(blank=True, help_text="How the date or its bounds were worked out: “the SDF answered the MoD's 27 May claim; TASS reported the answer on 31 May”.", max_length=255)),
                ('place', models.CharField(blank=True, max_length=255)),
                ('occasion', models.CharField(blank=True, max_length=255)),
                ('created_at', models.DateTimeField(blank=True, editable=False)),
                ('updated_at', models.DateTimeField(blank=True, editable=False)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('speaker', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.speaker')),
            ],
            options={
                'verbose_name': 'historical claim',
                'verbose_name_plural': 'historical claims',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='SpeakerAlias',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=255)),
                ('speaker', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='aliases', to='claims.speaker')),
            ],
            options={
                'verbose_name_plural': 'speaker aliases',
                'ordering': ['name'],
                'constraints': [models.UniqueConstraint(fields=('speaker', 'name'), name='speaker_alias_unique')],
            },
        ),
        migrations.CreateModel(
            name='HistoricalClaim_tags',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
                ('claim', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.claim')),
                ('history', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='claims.historicalclaim')),
                ('tag', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.tag')),
            ],
            options={
                'verbose_name': 'HistoricalClaim_tags',
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Appearance',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('excerpt_offset', models.PositiveIntegerField(blank=True, editable=False, help_text="Where the excerpt begins in the source's stored text, in characters.", null=True)),
                ('excerpt_text_sha256', models.CharField(blank=True, editable=False, help_text='The text the excerpt was found in, as a hex SHA-256.', max_length=64, verbose_name="SHA-256 of the source's text")),
                ('excerpt', models.TextField(help_text='The passage exactly as the source printed it.')),
                ('attribution', models.CharField(blank=True, help_text='How the source attributes it: “A source in Russia’s Defense Ministry said on May 27”.', max_length=500)),
                ('marked_first', models.BooleanField(default=False, help_text="Only when the sources' dates do not show it; the first appearance is otherwise worked out from them.", verbose_name='first known appearance (override)')),
                ('marked_first_reason', models.CharField(blank=True, help_text='Required with the override: what shows this report came first.', max_length=500, verbose_name='why it is the first')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('relayed_from', models.ForeignKey(blank=True, help_text='The source this one took the statement from: “carried by Sputnik”, “quoting RIA Novosti”.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='relays', to='sources.source')),
                ('source', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='appearances', to='sources.source')),
                ('claim', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='appearances', to='claims.claim')),
            ],
            options={
                'ordering': ['id'],
                'constraints': [models.UniqueConstraint(fields=('claim', 'source'), name='appearance_unique', violation_error_message='This claim is already linked to this source.'), models.UniqueConstraint(condition=models.Q(('marked_first', True)), fields=('claim',), name='appearance_one_first_per_claim', violation_error_message='Only one appearance can be the first known one.'), models.CheckConstraint(condition=models.Q(('marked_first', False), models.Q(('marked_first_reason', ''), _negated=True), _connector='OR'), name='appearance_marked_first_has_reason', violation_error_message='Say why this appearance is the first known one.'), models.CheckConstraint(condition=models.Q(('relayed_from', models.F('source')), _negated=True), name='appearance_not_relayed_from_itself', violation_error_message='A source cannot relay from itself.')],
            },
        ),
        migrations.AddField(
            model_name='claim',
            name='linked_claims',
            field=models.ManyToManyField(blank=True, related_name='linked_from', through='claims.ClaimLink', through_fields=('from_claim', 'to_claim'), to='claims.claim'),
        ),
        migrations.RunPython(
            run_on_postgresql(POSTGRESQL_INDEXES), run_on_postgresql(DROP_POSTGRESQL_INDEXES)
        ),
    ]
