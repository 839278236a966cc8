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
