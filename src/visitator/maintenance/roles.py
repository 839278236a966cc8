"""PostgreSQL roles: the application runs as a role with only the rights it needs (docs/operations.md,
"Database roles").

The owner role owns the database, runs the migrations and the retention job's deletes. The application
role may SELECT, INSERT, UPDATE and DELETE rows and use the sequences; it owns nothing, so it cannot
ALTER, DISABLE or DROP a trigger, ALTER a trigger function, TRUNCATE or DROP a table. On the append-only
tables (every `AppendOnlyModel`, the logs among them) it may not DELETE either, and their triggers
refuse its UPDATE and DELETE whatever it sets (core.append_only).
"""

from __future__ import annotations

import re

from django.apps import apps
from django.db import connections

from visitator.core.append_only import AppendOnlyModel

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def append_only_tables() -> list[str]:
    return sorted(m._meta.db_table for m in apps.get_models() if issubclass(m, AppendOnlyModel))


def grant_statements(app_role: str, *, owner_role: str) -> list[str]:
    """The SQL that gives `app_role` its rights on everything `owner_role` owns now and creates later."""
    for name in (app_role, owner_role):
        if not ROLE_NAME.fullmatch(name):
            raise ValueError(f"{name!r} is not a plain PostgreSQL role name (a-z, 0-9, _).")
    statements = [
        f"GRANT USAGE ON SCHEMA public TO {app_role}",
        f"REVOKE CREATE ON SCHEMA public FROM {app_role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app_role}",
        f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM {app_role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {app_role}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner_role} IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app_role}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner_role} IN SCHEMA public "
        f"GRANT USAGE, SELECT ON SEQUENCES TO {app_role}",
    ]
    # UPDATE stays granted: SELECT ... FOR UPDATE (row locks) needs it; the trigger refuses the UPDATE.
    statements += [f"REVOKE DELETE ON {table} FROM {app_role}" for table in append_only_tables()]
    return statements


def grant(app_role: str, *, using: str = "default") -> list[str]:
    """Run `grant_statements` as the connection's role (the owner). Returns what was run."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        raise ValueError("Database roles are for PostgreSQL; SQLite has no roles.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        (owner_role,) = cursor.fetchone()
        statements = grant_statements(app_role, owner_role=owner_role)
        for statement in statements:
            cursor.execute(statement)
    return statements
