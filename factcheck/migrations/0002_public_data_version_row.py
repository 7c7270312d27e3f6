from django.db import migrations
from django.utils import timezone


def create_version_row(apps, schema_editor):
    PublicDataVersion = apps.get_model("factcheck", "PublicDataVersion")
    PublicDataVersion.objects.get_or_create(pk=1, defaults={"changed_at": timezone.now()})


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0001_initial")]

    operations = [migrations.RunPython(create_version_row, migrations.RunPython.noop)]
