"""The sources app's migrations 0001 to 0005 in one (docs/operations.md, "Migrations"):
each model created as it is now. A fresh database runs this one; a database that has
applied some of 0001–0005 but not all goes on with those files.

0005's data step (dated sources are days) only fixes rows that existed before it: a fresh
database has none."""

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ("sources", "0001_initial"),
        ("sources", "0002_historicaloutlet_historicalsource"),
        ("sources", "0003_source_updated_at_index"),
        ("sources", "0004_codes_end_at_the_end"),
        ("sources", "0005_dispute_as_evidence"),
    ]

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalOutlet',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('name', models.CharField(db_index=True, max_length=255)),
                ('slug', models.SlugField(max_length=255)),
                ('kind', models.CharField(choices=[('news_agency', 'News agency'), ('newspaper', 'Newspaper'), ('broadcaster', 'Broadcaster'), ('government', 'Government'), ('ngo', 'NGO'), ('social_media', 'Social media'), ('other', 'Other')], max_length=16)),
                ('homepage', models.URLField(blank=True, max_length=500)),
                ('country', models.CharField(blank=True, max_length=2, validators=[django.core.validators.RegexValidator('^[A-Z]{2}\\Z', 'Enter a two-letter ISO 3166-1 country code in capitals, such as RU or US.', code='invalid_country')])),
                ('language', models.CharField(blank=True, max_length=35, validators=[django.core.validators.RegexValidator('^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*\\Z', 'Enter a language code such as en, ru or pt-BR.', code='invalid_language')])),
                ('notes', models.TextField(blank=True, help_text='Ownership, editorial line, reliability.')),
                ('created_at', models.DateTimeField(blank=True, editable=False)),
                ('updated_at', models.DateTimeField(blank=True, editable=False)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical outlet',
                'verbose_name_plural': 'historical outlets',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Outlet',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=255, unique=True)),
                ('slug', models.SlugField(max_length=255, unique=True)),
                ('kind', models.CharField(choices=[('news_agency', 'News agency'), ('newspaper', 'Newspaper'), ('broadcaster', 'Broadcaster'), ('government', 'Government'), ('ngo', 'NGO'), ('social_media', 'Social media'), ('other', 'Other')], max_length=16)),
                ('homepage', models.URLField(blank=True, max_length=500)),
                ('country', models.CharField(blank=True, max_length=2, validators=[django.core.validators.RegexValidator('^[A-Z]{2}\\Z', 'Enter a two-letter ISO 3166-1 country code in capitals, such as RU or US.', code='invalid_country')])),
                ('language', models.CharField(blank=True, max_length=35, validators=[django.core.validators.RegexValidator('^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*\\Z', 'Enter a language code such as en, ru or pt-BR.', code='invalid_language')])),
                ('notes', models.TextField(blank=True, help_text='Ownership, editorial line, reliability.')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'ordering': ['name'],
                'constraints': [models.CheckConstraint(condition=models.Q(('kind__in', ['news_agency', 'newspaper', 'broadcaster', 'government', 'ngo', 'social_media', 'other'])), name='outlet_kind_valid')],
            },
        ),
        migrations.CreateModel(
            name='HistoricalSource',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('title', models.CharField(max_length=500)),
                ('url', models.URLField(blank=True, help_text="The document's own address on the web, when it has one.", max_length=1000, verbose_name='URL')),
                ('authors', models.CharField(blank=True, help_text='As printed.', max_length=500)),
                ('published_on', models.DateField(blank=True, help_text='For month or year precision, any day in that month or year; it is stored as the first.', null=True)),
                ('published_on_precision', models.CharField(blank=True, choices=[('day', 'Day'), ('month', 'Month'), ('year', 'Year')], max_length=5)),
                ('published_not_before', models.DateField(blank=True, null=True, verbose_name='not before')),
                ('published_not_after', models.DateField(blank=True, null=True, verbose_name='not after')),
                ('published_on_note', models.CharField(blank=True, help_text='How the date or its bounds were worked out.', max_length=255)),
                ('language', models.CharField(blank=True, max_length=35, validators=[django.core.validators.RegexValidator('^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*\\Z', 'Enter a language code such as en, ru or pt-BR.', code='invalid_language')])),
                ('kind', models.CharField(choices=[('article', 'Article'), ('press_release', 'Press release'), ('transcript', 'Transcript'), ('video', 'Video'), ('social_post', 'Social post'), ('official_report', 'Official report'), ('dataset', 'Dataset'), ('other', 'Other')], default='article', max_length=16)),
                ('dateline', models.CharField(blank=True, help_text='“MOSCOW”', max_length=255)),
                ('archive_url', models.URLField(blank=True, max_length=1000, verbose_name='archived copy URL')),
                ('archived_at', models.DateTimeField(blank=True, null=True, verbose_name='archived at')),
                ('full_text', models.TextField(blank=True, help_text="The document's text exactly as published, defects included.")),
                ('notes', models.TextField(blank=True, help_text="A curator's notes on the document.")),
                ('created_at', models.DateTimeField(blank=True, editable=False)),
                ('updated_at', models.DateTimeField(blank=True, editable=False)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('outlet', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='sources.outlet')),
            ],
            options={
                'verbose_name': 'historical source',
                'verbose_name_plural': 'historical sources',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Source',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=500)),
                ('url', models.URLField(blank=True, help_text="The document's own address on the web, when it has one.", max_length=1000, verbose_name='URL')),
                ('authors', models.CharField(blank=True, help_text='As printed.', max_length=500)),
                ('published_on', models.DateField(blank=True, help_text='For month or year precision, any day in that month or year; it is stored as the first.', null=True)),
                ('published_on_precision', models.CharField(blank=True, choices=[('day', 'Day'), ('month', 'Month'), ('year', 'Year')], max_length=5)),
                ('published_not_before', models.DateField(blank=True, null=True, verbose_name='not before')),
                ('published_not_after', models.DateField(blank=True, null=True, verbose_name='not after')),
                ('published_on_note', models.CharField(blank=True, help_text='How the date or its bounds were worked out.', max_length=255)),
                ('language', models.CharField(blank=True, max_length=35, validators=[django.core.validators.RegexValidator('^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*\\Z', 'Enter a language code such as en, ru or pt-BR.', code='invalid_language')])),
                ('kind', models.CharField(choices=[('article', 'Article'), ('press_release', 'Press release'), ('transcript', 'Transcript'), ('video', 'Video'), ('social_post', 'Social post'), ('official_report', 'Official report'), ('dataset', 'Dataset'), ('other', 'Other')], default='article', max_length=16)),
                ('dateline', models.CharField(blank=True, help_text='“MOSCOW”', max_length=255)),
                ('archive_url', models.URLField(blank=True, max_length=1000, verbose_name='archived copy URL')),
                ('archived_at', models.DateTimeField(blank=True, null=True, verbose_name='archived at')),
                ('full_text', models.TextField(blank=True, help_text="The document's text exactly as published, defects included.")),
                ('notes', models.TextField(blank=True, help_text="A curator's notes on the document.")),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('outlet', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='sources', to='sources.outlet')),
            ],
            options={
                'ordering': ['-published_on', '-id'],
                'indexes': [models.Index(fields=['updated_at'], name='source_updated_at')],
                'constraints': [models.CheckConstraint(condition=models.Q(('kind__in', ['article', 'press_release', 'transcript', 'video', 'social_post', 'official_report', 'dataset', 'other'])), name='source_kind_valid'), models.UniqueConstraint(condition=models.Q(('url', ''), _negated=True), fields=('url',), name='source_url_unique', violation_error_message='A source with this URL is already recorded.'), models.CheckConstraint(condition=models.Q(('published_on_precision__in', ['day', 'month', 'year', ''])), name='source_published_on_precision_valid'), models.CheckConstraint(condition=models.Q(models.Q(('published_on__isnull', True), ('published_on_precision', '')), models.Q(('published_on__isnull', False), models.Q(('published_on_precision', ''), _negated=True)), _connector='OR'), name='source_published_on_has_precision', violation_error_message='A date needs a precision, and a precision needs a date.'), models.CheckConstraint(condition=models.Q(('published_not_before__isnull', True), ('published_not_after__isnull', True), ('published_not_before__lte', models.F('published_not_after')), _connector='OR'), name='source_published_bounds_ordered', violation_error_message='“Not before” must come before “not after”.'), models.CheckConstraint(condition=models.Q(('archived_at__isnull', True), models.Q(('archive_url', ''), _negated=True), _connector='OR'), name='source_archived_at_needs_archive_url', violation_error_message="An archive date needs the archived copy's URL.")],
            },
        ),
    ]
