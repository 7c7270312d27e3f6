"""The serving app's migrations 0001 and 0002 in one (docs/operations.md, "Migrations"):
ApiKey keeps the table the project's app created (factcheck 0001; 0001 moved the model here
without touching it), the stored claim pages' tables are created. A fresh database runs this
one; a database that has applied 0001 alone goes on with 0002."""

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ("serving", "0001_initial"),
        ("serving", "0002_claim_page_renditions"),
    ]

    dependencies = [
        ("factcheck", "0002_public_data_version_row"),
    ]

    operations = [
        # The table is factcheck 0001's.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ApiKey',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(help_text='Who the key is for: “Example Daily”.', max_length=255)),
                        ('contact', models.EmailField(blank=True, max_length=254)),
                        ('prefix', models.CharField(editable=False, max_length=11)),
                        ('key_hash', models.CharField(editable=False, max_length=64, unique=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('revoked_at', models.DateTimeField(blank=True, null=True)),
                    ],
                    options={
                        'verbose_name': 'API key',
                        'db_table': 'factcheck_apikey',
                        'ordering': ['name'],
                    },
                ),
            ]
        ),
        migrations.CreateModel(
            name='ClaimPageRendition',
            fields=[
                ('claim_id', models.PositiveBigIntegerField(primary_key=True, serialize=False)),
                ('slug', models.TextField(help_text="The readable part of the page's address.")),
                ('html', models.TextField()),
                ('origin', models.CharField(help_text='The origin it was rendered under.', max_length=64)),
                ('digest', models.CharField(help_text='SHA-256 of the HTML, hex, 32 digits.', max_length=32)),
                ('release', models.CharField(help_text='The code that rendered it: other releases render again.', max_length=100)),
                ('rendered_at', models.DateTimeField()),
            ],
        ),
        migrations.CreateModel(
            name='ClaimPageDependency',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('claim_id', models.PositiveBigIntegerField()),
                ('kind', models.CharField(max_length=8)),
                ('document_id', models.PositiveBigIntegerField()),
            ],
            options={
                'indexes': [models.Index(fields=['kind', 'document_id'], name='serving_page_shows')],
                'constraints': [models.UniqueConstraint(fields=('claim_id', 'kind', 'document_id'), name='serving_page_dependency_unique')],
            },
        ),
    ]
