"""On PostgreSQL the database itself refuses UPDATE and DELETE on this app's history tables."""

from django.db import migrations

from visitator.core.append_only import append_only_triggers


class Migration(migrations.Migration):
    dependencies = [("decisions", "0003_decision_drafts")]

    operations = [
        append_only_triggers(
            "decisions_decision",
            "decisions_decisiondraftreview",
            "decisions_hearing",
            "decisions_hearingexception",
            "decisions_hearinginformation",
            "decisions_hearingresponse",
        )
    ]
