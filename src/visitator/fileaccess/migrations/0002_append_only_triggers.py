"""On PostgreSQL, the database refuses UPDATE and DELETE on the notices and answers sent."""

from django.db import migrations

from visitator.core.append_only import postgres_append_only_sql

TABLES = ["fileaccess_accessnotice", "fileaccess_accessanswer"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(postgres_append_only_sql(table)[0], params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(postgres_append_only_sql(table)[1], params=None)


class Migration(migrations.Migration):
    dependencies = [("fileaccess", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
