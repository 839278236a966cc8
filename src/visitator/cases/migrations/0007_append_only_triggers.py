"""On PostgreSQL the database itself refuses UPDATE and DELETE on this app's history tables."""

from django.db import migrations

from visitator.core.append_only import append_only_triggers


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_danish_labels")]

    operations = [
        append_only_triggers(
            "cases_deadlinenotice",
            "cases_journalnote",
            "cases_statuschange",
        )
    ]
