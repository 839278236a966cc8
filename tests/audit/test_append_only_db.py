"""On PostgreSQL the database itself refuses UPDATE and DELETE on the logs (a trigger)."""

import pytest
from django.db import DatabaseError, connection, transaction

from visitator.audit.models import AccessLog

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
@pytest.mark.parametrize("sql", ["UPDATE audit_accesslog SET detail = 'x'", "DELETE FROM audit_accesslog"])
def test_postgres_refuses_update_and_delete_on_the_access_log(make_case, sql):
    make_case()
    assert AccessLog.objects.exists()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert AccessLog.objects.exists()


#: Append-only models whose history the database does not guard with a trigger (the model-level guard
#: in core/append_only.py still refuses update and delete). Keep this empty; a new entry needs a reason.
NOT_GUARDED_IN_THE_DATABASE: dict[str, str] = {}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_every_append_only_model_has_its_trigger_on_postgres():
    from django.apps import apps

    from visitator.core.append_only import AppendOnlyModel

    tables = sorted(
        m._meta.db_table
        for m in apps.get_models()
        if issubclass(m, AppendOnlyModel) and m._meta.db_table not in NOT_GUARDED_IN_THE_DATABASE
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = c.relname || '_append_only_trigger'"
        )
        guarded = {row[0] for row in cursor.fetchall()}
    assert [t for t in tables if t not in guarded] == []
