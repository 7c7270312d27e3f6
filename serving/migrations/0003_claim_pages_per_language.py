"""Claim pages stored per language (docs/pages.md, "Languages"): the rendition's key is
(claim, language). The table holds nothing but renderings, so it is made again empty: every
page is rendered on its next request (or by ``manage.py render_claim_pages``)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("serving", "0002_claim_page_renditions"),
    ]

    operations = [
        migrations.DeleteModel(name="ClaimPageRendition"),
        migrations.CreateModel(
            name="ClaimPageRendition",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("claim_id", models.PositiveBigIntegerField()),
                (
                    "language",
                    models.CharField(
                        help_text="The page's language, a code of LANGUAGES.", max_length=15
                    ),
                ),
                ("slug", models.TextField(help_text="The readable part of the page's address.")),
                ("html", models.TextField()),
                (
                    "origin",
                    models.CharField(help_text="The origin it was rendered under.", max_length=64),
                ),
                (
                    "digest",
                    models.CharField(
                        help_text="SHA-256 of the HTML, hex, 32 digits.", max_length=32
                    ),
                ),
                (
                    "release",
                    models.CharField(
                        help_text="The code that rendered it: other releases render again.",
                        max_length=100,
                    ),
                ),
                ("rendered_at", models.DateTimeField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("claim_id", "language"), name="serving_rendition_claim_language"
                    )
                ],
            },
        ),
    ]
