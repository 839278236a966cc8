"""Append-only models: history that the application never changes or deletes.

The guard is in the model (save on an existing row, delete, QuerySet.update/delete all refuse) and,
on PostgreSQL, in the database: a trigger refuses UPDATE and DELETE (see audit's migration 0004). The
one way past the trigger is the retention job's: a DELETE as the owner role with RETENTION_SETTING on.
"""

from __future__ import annotations

from typing import Any

from django.db import models


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete a history row."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError(f"{self.model.__name__} er kun til tilføjelse og kan ikke ændres.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"{self.model.__name__} er kun til tilføjelse og kan ikke slettes.")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} er kun til tilføjelse og kan ikke ændres.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"{type(self).__name__} er kun til tilføjelse og kan ikke slettes.")


#: The transaction-local setting under which the triggers let a DELETE through -- only for a role
#: that owns the table (the owner role migrations run as), never for the application role. Only the
#: retention job sets it (visitator.retention.purge); see docs/operations.md, "Retention".
RETENTION_SETTING = "visitator.retention"


def postgres_append_only_function_sql(table: str) -> str:
    """The trigger function for `table`: refuses UPDATE always, and DELETE unless the retention job
    deletes as the table's owner role with `RETENTION_SETTING` on for its transaction."""
    function = f"{table}_append_only"
    return f"""
        CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
        BEGIN
            IF TG_OP = 'DELETE'
               AND current_setting('{RETENTION_SETTING}', true) = 'on'
               AND pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER')
            THEN
                RETURN OLD;
            END IF;
            RAISE EXCEPTION '% on {table} is not allowed: the table is append-only', TG_OP;
        END;
        $$ LANGUAGE plpgsql;
    """  # noqa: S608 - table names come from the migrations, never from input


def postgres_append_only_sql(table: str) -> tuple[str, str]:
    """SQL for a PostgreSQL trigger that refuses UPDATE and DELETE on `table`, and its reverse."""
    function = f"{table}_append_only"
    forward = (
        postgres_append_only_function_sql(table)
        + f"""
        CREATE TRIGGER {function}_trigger BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION {function}();
    """
    )
    reverse = f"DROP TRIGGER IF EXISTS {function}_trigger ON {table}; DROP FUNCTION IF EXISTS {function}();"
    return forward, reverse


def append_only_triggers(*tables: str) -> Any:
    """A migration operation that installs `postgres_append_only_sql` on `tables` (PostgreSQL only;
    SQLite keeps the model-level guard), reversible."""
    from django.db import migrations

    def forwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for table in tables:
                schema_editor.execute(postgres_append_only_sql(table)[0], params=None)

    def backwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for table in tables:
                schema_editor.execute(postgres_append_only_sql(table)[1], params=None)

    return migrations.RunPython(forwards, backwards)
