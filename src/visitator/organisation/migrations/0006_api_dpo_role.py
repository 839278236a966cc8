"""The data protection officer (databeskyttelse) reads and exports the access log."""

from django.db import migrations


def forwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="databeskyttelse")


class Migration(migrations.Migration):
    dependencies = [("organisation", "0005_daily_second_approval")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
