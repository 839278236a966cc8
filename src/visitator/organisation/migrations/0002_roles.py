"""The three roles exist on every installation (Django groups; see organisation/roles.py)."""

from django.db import migrations

ROLES = ["sagsbehandler", "teamleder", "administrator"]


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("organisation", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
