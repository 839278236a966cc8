"""The transport office (kørselskontoret) reads the transport orders and nothing else."""

from django.db import migrations


def forwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="koerselskontor")


class Migration(migrations.Migration):
    dependencies = [("organisation", "0002_roles")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
