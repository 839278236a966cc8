"""The application's PostgreSQL role cannot get around the append-only logs: it may add rows, but not
change, delete or truncate them, nor alter, disable or drop their triggers -- not even with the
retention job's setting on. Set up the way docs/operations.md shows (`visitator db-roles`)."""

from __future__ import annotations

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from visitator.core.append_only import AppendOnlyModel

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="database roles are a PostgreSQL feature"),
]


@pytest.fixture
def app_connection():
    """A connection to the test database as a fresh application role with the documented rights."""
    settings_dict = connection.settings_dict
    role = f"{settings_dict['NAME']}_app"[:63]
    with connection.cursor() as cursor:
        cursor.execute(f"DROP OWNED BY {role}" if _role_exists(cursor, role) else "SELECT 1")
        cursor.execute(f"DROP ROLE IF EXISTS {role}")
        cursor.execute(f"CREATE ROLE {role} LOGIN")
    call_command("db-roles", role)
    conninfo = {
        "dbname": settings_dict["NAME"],
        "user": role,
        "host": settings_dict.get("HOST") or "127.0.0.1",
    }
    if settings_dict.get("PORT"):
        conninfo["port"] = str(settings_dict["PORT"])
    app = psycopg.connect(**conninfo, autocommit=True)
    yield app
    app.close()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP OWNED BY {role}")
        cursor.execute(f"DROP ROLE {role}")


def _role_exists(cursor, role: str) -> bool:
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
    return cursor.fetchone() is not None


INSERT = (
    "INSERT INTO audit_accesslog (at, username, action, what, detail) "
    "VALUES (now(), 'tester', 'view', 'sag', '') RETURNING id"
)


def test_the_application_role_can_add_to_the_access_log(app_connection):
    (row_id,) = app_connection.execute(INSERT).fetchone()
    assert app_connection.execute(
        "SELECT count(*) FROM audit_accesslog WHERE id = %s", [row_id]
    ).fetchone() == (1,)


@pytest.mark.parametrize(
    ("sql", "refusal"),
    [
        ("UPDATE audit_accesslog SET detail = 'changed'", "append-only"),
        ("DELETE FROM audit_accesslog", "permission denied"),
        ("TRUNCATE audit_accesslog", "permission denied"),
        ("TRUNCATE audit_event", "permission denied"),
        ("ALTER TABLE audit_accesslog DISABLE TRIGGER audit_accesslog_append_only_trigger", "must be owner"),
        ("ALTER TABLE audit_accesslog DISABLE TRIGGER ALL", "must be owner"),
        ("DROP TRIGGER audit_accesslog_append_only_trigger ON audit_accesslog", "must be owner"),
        ("DROP TABLE audit_accesslog", "must be owner"),
        (
            "CREATE OR REPLACE FUNCTION audit_accesslog_append_only() RETURNS trigger AS $$ "
            "BEGIN RETURN OLD; END; $$ LANGUAGE plpgsql",
            "must be owner|permission denied for schema public",
        ),
        ("ALTER FUNCTION audit_accesslog_append_only() OWNER TO CURRENT_USER", "must be owner"),
    ],
)
def test_the_application_role_is_refused(app_connection, sql, refusal):
    app_connection.execute(INSERT)
    before = app_connection.execute("SELECT count(*), max(detail) FROM audit_accesslog").fetchone()
    with pytest.raises(psycopg.Error, match=refusal):
        app_connection.execute(sql)
    assert app_connection.execute("SELECT count(*), max(detail) FROM audit_accesslog").fetchone() == before
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgenabled FROM pg_trigger WHERE tgname = 'audit_accesslog_append_only_trigger'"
        )
        assert cursor.fetchone() == ("O",)  # still there, still enabled


def test_the_retention_setting_does_not_let_the_application_role_delete(app_connection):
    """Even with DELETE granted on a log table, the trigger lets only the owner role through."""
    app_connection.execute(INSERT)
    with connection.cursor() as cursor:
        cursor.execute(f"GRANT DELETE ON audit_event, audit_accesslog TO {app_connection.info.user}")
    with app_connection.transaction():
        app_connection.execute("SELECT set_config('visitator.retention', 'on', true)")
        with pytest.raises(psycopg.Error, match="DELETE on audit_accesslog is not allowed"):
            app_connection.execute("DELETE FROM audit_accesslog")
    assert app_connection.execute("SELECT count(*) FROM audit_accesslog").fetchone()[0] >= 1


def test_every_append_only_table_is_closed_to_deletes_by_the_application_role(app_connection):
    from django.apps import apps

    tables = [m._meta.db_table for m in apps.get_models() if issubclass(m, AppendOnlyModel)]
    rows = app_connection.execute(
        "SELECT table_name FROM information_schema.role_table_grants "
        "WHERE grantee = current_user AND privilege_type IN ('DELETE', 'TRUNCATE')"
    ).fetchall()
    assert {r[0] for r in rows}.isdisjoint(tables)
    assert "cases_case" in {r[0] for r in rows}  # ordinary tables keep DELETE


def _url(user: str) -> str:
    s = connection.settings_dict
    return f"postgres://{user}@{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{s['NAME']}"


def test_retention_deletes_log_rows_through_the_owner_connection_only(app_connection):
    """`visitator retention` as the application role alone cannot delete old access-log rows; with
    MIGRATE_DATABASE_URL (the owner) it can, and the event log says so."""
    import os
    import subprocess
    import sys

    from visitator.audit.models import AccessLog, Event

    app_connection.execute(
        "INSERT INTO audit_accesslog (at, username, action, what, detail) "
        "VALUES (now() - interval '400 days', 'tester', 'view', 'sag', 'old')"
    )
    env = {**os.environ, "VISITATOR_DEV": "1", "DATABASE_URL": _url(app_connection.info.user)}
    env.pop("MIGRATE_DATABASE_URL", None)
    command = [sys.executable, "-m", "visitator.cli", "retention"]
    alone = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert alone.returncode != 0
    assert "permission denied for table audit_accesslog" in alone.stderr
    assert AccessLog.objects.filter(detail="old").exists()

    env["MIGRATE_DATABASE_URL"] = _url(connection.settings_dict["USER"] or "postgres")
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=True)
    assert "access-log row(s)" in done.stdout
    assert not AccessLog.objects.filter(detail="old").exists()
    assert Event.objects.filter(kind="retention.access_log_deleted").exists()
