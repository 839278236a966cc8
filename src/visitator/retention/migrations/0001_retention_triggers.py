"""The append-only triggers let the retention job delete (PostgreSQL only).

Every trigger function installed by `core.append_only.append_only_triggers` is replaced by the current
one (`postgres_append_only_function_sql`): UPDATE is still always refused, DELETE is let through only
for a role that owns the table with the transaction-local setting `visitator.retention` on -- what the
retention job does (visitator.retention.purge), and what the application role cannot.
"""

from django.db import migrations

from visitator.core.append_only import postgres_append_only_function_sql

_OLD = """
    CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '% on {table} is not allowed: the table is append-only', TG_OP;
    END;
    $$ LANGUAGE plpgsql;
"""


def _guarded_tables(schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = c.relname || '_append_only_trigger' ORDER BY c.relname"
        )
        return [row[0] for row in cursor.fetchall()]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in _guarded_tables(schema_editor):
            schema_editor.execute(postgres_append_only_function_sql(table), params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in _guarded_tables(schema_editor):
            schema_editor.execute(_OLD.format(table=table), params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0003_append_only_triggers"),
        ("audit", "0004_append_only_triggers"),
        ("casefile", "0002_append_only_triggers"),
        ("cases", "0007_append_only_triggers"),
        ("complaints", "0002_append_only_triggers"),
        ("decisions", "0004_append_only_triggers"),
        ("ffb", "0003_append_only_triggers"),
        ("fileaccess", "0002_append_only_triggers"),
        ("grants", "0004_append_only_triggers"),
        ("letters", "0002_append_only_triggers"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
