"""On PostgreSQL, the database refuses UPDATE and DELETE on stored bundles of sagens akter."""

from django.db import migrations

from visitator.core.append_only import append_only_triggers


class Migration(migrations.Migration):
    dependencies = [("casefile", "0001_initial")]

    operations = [append_only_triggers("casefile_casefilebundle")]
