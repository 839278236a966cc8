"""The provider role (leverandoer) exists on every installation (a Django group; see
organisation/roles.py). A provider user also needs a grants.ProviderMembership to a provider."""

from django.db import migrations

ROLE = "leverandoer"


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name=ROLE)


class Migration(migrations.Migration):
    dependencies = [("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
