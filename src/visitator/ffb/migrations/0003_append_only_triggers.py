"""On PostgreSQL the database itself refuses UPDATE and DELETE on this app's history tables."""

from django.db import migrations

from visitator.core.append_only import append_only_triggers


class Migration(migrations.Migration):
    dependencies = [("ffb", "0002_load_ffb_20240530")]

    operations = [
        append_only_triggers(
            "ffb_concept",
        )
    ]
