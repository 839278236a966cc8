"""On PostgreSQL, the database refuses UPDATE and DELETE on the complaint history."""

from django.db import migrations

from visitator.core.append_only import append_only_triggers


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]

    operations = [
        append_only_triggers(
            "complaints_complaint",
            "complaints_latenessdecision",
            "complaints_reconsideration",
            "complaints_forwarding",
            "complaints_appealoutcome",
            "complaints_implementation",
            "complaints_withdrawal",
        )
    ]
