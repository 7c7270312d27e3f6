"""Denials become typed links between claims (docs/domain.md, "Disputes as evidence"): the
table and its history are renamed, every existing row is a ``denies`` link."""

from django.db import migrations, models
from django.db.models import F, Q


def rename_permissions(apps, schema_editor):
    """Keep the roles' grants: the permissions of the renamed model take its new name (the
    content type itself is renamed by Django's contenttypes app)."""
    Permission = apps.get_model("auth", "Permission")
    for action in ("add", "change", "delete", "view"):
        Permission.objects.filter(
            content_type__app_label="claims", codename=f"{action}_denial"
        ).update(codename=f"{action}_claimlink", name=f"Can {action} link between claims")


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("claims", "0011_codes_end_at_the_end"),
    ]

    operations = [
        migrations.RemoveField(model_name="claim", name="denies"),
        migrations.RemoveConstraint(model_name="denial", name="denial_not_self"),
        migrations.RemoveConstraint(model_name="denial", name="denial_unique_pair"),
        migrations.RenameModel("Denial", "ClaimLink"),
        migrations.RenameModel("HistoricalDenial", "HistoricalClaimLink"),
        migrations.RenameField("claimlink", "denying_claim", "from_claim"),
        migrations.RenameField("claimlink", "denied_claim", "to_claim"),
        migrations.RenameField("historicalclaimlink", "denying_claim", "from_claim"),
        migrations.RenameField("historicalclaimlink", "denied_claim", "to_claim"),
        migrations.AddField(
            model_name="claimlink",
            name="type",
            field=models.CharField(
                choices=[
                    ("denies", "denies"),
                    ("confirms", "confirms"),
                    ("retracts", "retracts"),
                    ("clarifies", "clarifies"),
                    ("repeats", "repeats"),
                    ("counter_accuses", "counter-accuses"),
                ],
                default="denies",
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="historicalclaimlink",
            name="type",
            field=models.CharField(
                choices=[
                    ("denies", "denies"),
                    ("confirms", "confirms"),
                    ("retracts", "retracts"),
                    ("clarifies", "clarifies"),
                    ("repeats", "repeats"),
                    ("counter_accuses", "counter-accuses"),
                ],
                default="denies",
                max_length=16,
            ),
        ),
        migrations.AddConstraint(
            model_name="claimlink",
            constraint=models.CheckConstraint(
                condition=~Q(from_claim=F("to_claim")),
                name="claim_link_not_self",
                violation_error_message="A claim cannot answer itself.",
            ),
        ),
        migrations.AddConstraint(
            model_name="claimlink",
            constraint=models.UniqueConstraint(
                fields=["from_claim", "to_claim"],
                name="claim_link_unique_pair",
                violation_error_message="These two claims are already linked.",
            ),
        ),
        migrations.RunPython(rename_permissions, migrations.RunPython.noop, elidable=True),
    ]
