"""On PostgreSQL, the database refuses UPDATE and DELETE on the notices and answers sent."""

from django.db import migrations

from visitator.core.append_only import append_only_triggers


class Migration(migrations.Migration):
    dependencies = [("fileaccess", "0001_initial")]

    operations = [append_only_triggers("fileaccess_accessnotice", "fileaccess_accessanswer")]
