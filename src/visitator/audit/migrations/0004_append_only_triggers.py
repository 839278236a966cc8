"""On PostgreSQL, the database refuses UPDATE and DELETE on the access log and the event log."""

from django.db import migrations

from visitator.core.append_only import append_only_triggers


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_initial")]

    operations = [append_only_triggers("audit_accesslog", "audit_event")]
