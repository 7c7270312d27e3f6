from django.db import migrations


def create_lock_row(apps, schema_editor):
    apps.get_model("record", "Lock").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    """The row every publish locks (record.services), there before the first publish."""

    dependencies = [("record", "0001_initial")]

    operations = [migrations.RunPython(create_lock_row, migrations.RunPython.noop)]
