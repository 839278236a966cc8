"""On PostgreSQL the database itself refuses UPDATE and DELETE on this app's history tables."""

from django.db import migrations

from visitator.core.append_only import append_only_triggers


class Migration(migrations.Migration):
    dependencies = [("grants", "0003_transport_details_attendance_week")]

    operations = [
        append_only_triggers(
            "grants_attendance",
            "grants_chosenitem",
            "grants_followup",
            "grants_goalprogress",
            "grants_order",
            "grants_orderacceptance",
            "grants_transportorder",
            "grants_transportorderacknowledgement",
        )
    ]
