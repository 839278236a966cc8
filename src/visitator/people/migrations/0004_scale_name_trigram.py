"""Trigram (pg_trgm) GIN indexes for the name search, PostgreSQL only.

The name search (people.selectors.citizens_by_name) filters with `icontains`, which Django writes on
PostgreSQL as UPPER(column::text) LIKE UPPER('%word%'). A GIN index with gin_trgm_ops on that same
expression serves the LIKE for words of three letters or more, instead of a scan of every citizen.
SQLite has no pg_trgm: nothing is created there and the search scans (documented in docs/benchmarks.md).
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = {
    "people_scale_first_name_trgm": "first_name",
    "people_scale_last_name_trgm": "last_name",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON people_citizen USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("people", "0003_daily_representative_digital_post")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
