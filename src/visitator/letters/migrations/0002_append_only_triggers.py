"""On PostgreSQL, the database refuses UPDATE and DELETE on sent letters and their delivery rows."""

from django.db import migrations

from visitator.core.append_only import append_only_triggers


class Migration(migrations.Migration):
    dependencies = [("letters", "0001_initial")]

    operations = [
        append_only_triggers(
            "letters_letter", "letters_digitalpostmessage", "letters_printjob", "letters_printjobprinted"
        )
    ]
