"""Timing one page: server time through Django's test client, database time, query count, plan."""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

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
    main_sql: str = ""
    explain: str = ""
    #: The page's own SELECT statements run bare (a cursor, no Django), p50 and p95 of their sum.
    bare_p50_ms: float = 0.0
    bare_p95_ms: float = 0.0
    bare_statements: int = 0

    @property
    def ratio(self) -> float:
        """Server time p50 over the bare SQL p50 of the same statements (issue 12: within 3x)."""
        return self.p50_ms / self.bare_p50_ms if self.bare_p50_ms else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ratio": self.ratio}


def bare_sql(sqls: list[str], *, repeats: int) -> tuple[float, float, int]:
    """p50 and p95 (ms) of running the page's SELECT statements, as captured with their parameters,
    straight on a cursor `repeats` times; and how many statements that is. Writes (the access-log
    INSERT, the session) are left out: running them again would change the data."""
    selects = [sql for sql in sqls if sql.lstrip().upper().startswith("SELECT")]
    times: list[float] = []
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the driver's cursor: no Django wrapper, no query logging
        for _ in range(repeats):
            start = time.perf_counter()
            for sql in selects:
                raw.execute(sql)
                raw.fetchall()
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), _percentile(times, 95), len(selects)


def client_for(user: Any) -> Client:
    client = Client(HTTP_HOST=HOST)
    client.force_login(user)
    return client


def _get(client: Client, url: str, data: dict[str, str] | None = None) -> bytes:
    """GET `url`, or POST `data` to it (the search forms post, so no criterion is in a URL)."""
    response = client.post(url, data) if data is not None else client.get(url)
    if response.status_code != 200:
        raise PageError(f"{'POST' if data is not None else 'GET'} {url} answered {response.status_code}")
    return response.content


# One link per row: the case worklist links each case, the follow-up worklist each case's grants.
CASE_LINK = re.compile(rb'href="/sager/[0-9a-f-]{36}/"')
GRANTS_LINK = re.compile(rb'href="/sager/[0-9a-f-]{36}/bevilling/"')


def _with_cursor(url: str, cursor: str) -> str:
    parts = urlsplit(url)
    query = [(key, value) for key, value in parse_qsl(parts.query) if key != "efter"]
    return urlunsplit(parts._replace(query=urlencode([*query, ("efter", cursor)])))


def follow_cursor(client: Client, url: str, pages: int) -> tuple[str, int]:
    """The URL of the page `pages` pages after `url` (following the "Vis flere …" links, `efter=`).

    Stops early at the last page; returns the URL and how many pages were followed.
    """
    depth = 0
    current = url
    while depth < pages:
        match = CURSOR.search(_get(client, current).decode())
        if not match:
            break
        current = _with_cursor(url, match.group(1))
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


def _main_sql(sqls: list[str], table: str) -> str | None:
    """The page's list query: the first SELECT from `table`."""
    for sql in sqls:
        if sql.lstrip().upper().startswith("SELECT") and f'FROM "{table}"' in sql:
            return sql
    return None


def time_page(
    client: Client,
    *,
    name: str,
    url: str,
    warmup: int,
    requests: int,
    depth: int = 0,
    explain: bool = True,
    table: str = "cases_case",
    row_link: re.Pattern[bytes] = CASE_LINK,
    data: dict[str, str] | None = None,
    bare: bool = False,
) -> PageResult:
    """Warm up, then time `requests` GETs of `url`; count the queries of one more.

    `table` names the list query (the first SELECT from it), which is EXPLAINed; `row_link` counts
    the rows shown.
    """
    for _ in range(warmup):
        _get(client, url, data)

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
            _get(client, url, data)
            server.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
            database.append(db_time * 1000)

    with CaptureQueriesContext(connection) as captured:
        content = _get(client, url, data)
    sqls = [query["sql"] for query in captured.captured_queries]
    main_sql = _main_sql(sqls, table)
    plan = _explain(main_sql) if explain and main_sql else ""
    bare_p50 = bare_p95 = 0.0
    statements = 0
    if bare:
        bare_p50, bare_p95, statements = bare_sql(sqls, repeats=requests)
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
        rows=len(row_link.findall(content)),
        depth=depth,
        sql=sqls,
        main_sql=main_sql or "",
        explain=plan,
        bare_p50_ms=bare_p50,
        bare_p95_ms=bare_p95,
        bare_statements=statements,
    )
