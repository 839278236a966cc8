"""Timing one page: server time through Django's test client, database time, query count, plan."""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

CURSOR = re.compile(r"efter=([A-Za-z0-9_\-]+)")
HOST = "localhost"  # in ALLOWED_HOSTS with VISITATOR_DEV=1; the test client never opens a socket


class PageError(RuntimeError):
    pass


@dataclass
class PageResult:
    name: str
    url: str
    requests: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    mean_ms: float
    cpu_p50_ms: float
    cpu_p95_ms: float
    db_p50_ms: float
    db_p95_ms: float
    queries: int
    rows: int
    depth: int = 0
    sql: list[str] = field(default_factory=list)
    explain: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def client_for(user: Any) -> Client:
    client = Client(HTTP_HOST=HOST)
    client.force_login(user)
    return client


def _get(client: Client, url: str) -> bytes:
    response = client.get(url)
    if response.status_code != 200:
        raise PageError(f"GET {url} answered {response.status_code}")
    return response.content


CASE_LINK = re.compile(rb'href="/sager/[0-9a-f-]{36}/"')


def _rows(content: bytes) -> int:
    return len(CASE_LINK.findall(content))


def follow_cursor(client: Client, url: str, pages: int) -> tuple[str, int]:
    """The URL of the page `pages` pages after `url` (following the "Vis flere sager" links).

    Stops early at the last page; returns the URL and how many pages were followed.
    """
    depth = 0
    current = url
    base = url.split("&efter=")[0]
    while depth < pages:
        match = CURSOR.search(_get(client, current).decode())
        if not match:
            break
        current = f"{base}&efter={match.group(1)}"
        depth += 1
    return current, depth


def _percentile(values: list[float], pct: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


def _explain(sql: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            return "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def _worklist_sql(sqls: list[str]) -> str | None:
    for sql in sqls:
        if sql.lstrip().upper().startswith("SELECT") and 'FROM "cases_case"' in sql:
            return sql
    return None


def time_page(
    client: Client, *, name: str, url: str, warmup: int, requests: int, depth: int = 0, explain: bool = True
) -> PageResult:
    """Warm up, then time `requests` GETs of `url`; count the queries of one more."""
    for _ in range(warmup):
        _get(client, url)

    db_time = 0.0

    def timed(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal db_time
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            db_time += time.perf_counter() - start

    server: list[float] = []
    cpu: list[float] = []
    database: list[float] = []
    with connection.execute_wrapper(timed):
        for _ in range(requests):
            db_time = 0.0
            start, start_cpu = time.perf_counter(), time.process_time()
            _get(client, url)
            server.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
            database.append(db_time * 1000)

    with CaptureQueriesContext(connection) as captured:
        content = _get(client, url)
    sqls = [query["sql"] for query in captured.captured_queries]
    worklist_sql = _worklist_sql(sqls)
    plan = _explain(worklist_sql) if explain and worklist_sql else ""
    return PageResult(
        name=name,
        url=url,
        requests=requests,
        p50_ms=statistics.median(server),
        p95_ms=_percentile(server, 95),
        max_ms=max(server),
        mean_ms=statistics.fmean(server),
        cpu_p50_ms=statistics.median(cpu),
        cpu_p95_ms=_percentile(cpu, 95),
        db_p50_ms=statistics.median(database),
        db_p95_ms=_percentile(database, 95),
        queries=len(sqls),
        rows=_rows(content),
        depth=depth,
        sql=sqls,
        explain=plan,
    )
