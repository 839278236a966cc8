"""The child process of `make bench`: one database backend, one process (Django settings are per process).

    DATABASE_URL=... VISITATOR_DEV=1 python -m bench.worklist --sizes 1000,100000 --out result.json

Migrates the (empty) database named by DATABASE_URL, loads the standards, creates the benchmark's
staff in the demo unit, then for each size: seeds cases and grants (one per case) up to that size,
runs ANALYZE, and times the case worklist pages and the follow-up worklist pages. Writes the results
as JSON to --out. `bench.run` starts it; run it directly only
against a database you are happy to fill.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

FOLLOW_UP_URL = "/opfoelgning/"
WAITING_URL = "/venteliste/"
OFFERS_URL = "/tilbud/"
CASE_SEARCH_URL = "/soeg/"
CITIZEN_SEARCH_URL = "/borgere/soeg/"


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _db_info() -> dict[str, Any]:
    import sqlite3

    from django.db import connection

    info: dict[str, Any] = {"vendor": connection.vendor}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            info["version"] = cursor.fetchone()[0]
            settings = {}
            for name in ("shared_buffers", "work_mem", "effective_cache_size", "random_page_cost", "jit"):
                cursor.execute(f"SHOW {name}")
                settings[name] = cursor.fetchone()[0]
            info["settings"] = settings
        else:
            info["version"] = sqlite3.sqlite_version
            settings = {}
            for pragma in ("journal_mode", "synchronous", "cache_size", "page_size"):
                cursor.execute(f"PRAGMA {pragma}")
                settings[pragma] = cursor.fetchone()[0]
            info["settings"] = settings
    return info


def _counts(staff: Any) -> dict[str, int]:
    import datetime as dt

    from visitator.cases.models import Case
    from visitator.core import clock
    from visitator.grants.models import Grant

    from .seed import FOLLOW_UP_WINDOW_DAYS

    awaiting = Case.objects.filter(awaiting_decision=True)
    running = Grant.objects.exclude(status=Grant.Status.STOPPED).filter(case__unit=staff.unit)
    return {
        "cases": Case.objects.count(),
        "awaiting_unit": awaiting.filter(unit=staff.unit).count(),
        "awaiting_mine": awaiting.filter(caseworker=staff.caseworker).count(),
        "grants": Grant.objects.count(),
        "grants_running": running.count(),
        "grants_due": running.filter(
            next_follow_up_on__lte=clock.today() + dt.timedelta(days=FOLLOW_UP_WINDOW_DAYS)
        ).count(),
    }


def _time_pages(
    client: Any, pages: list[tuple[str, str, int]], *, warmup: int, requests: int, **options: Any
) -> list[dict[str, Any]]:
    from . import measure

    results = []
    for name, url, page_depth in pages:
        page = measure.time_page(
            client, name=name, url=url, warmup=warmup, requests=requests, depth=page_depth, **options
        )
        results.append(page.as_dict())
        print(
            f"    {name:<16} p50 {page.p50_ms:6.1f} ms  p95 {page.p95_ms:6.1f} ms  "
            f"max {page.max_ms:6.1f} ms  cpu p95 {page.cpu_p95_ms:6.1f} ms  "
            f"db p50 {page.db_p50_ms:5.1f} ms  {page.queries} queries  {page.rows} rows",
            flush=True,
        )
    return results


def _scale_pages(client: Any, depth: int, *, warmup: int, requests: int) -> list[dict[str, Any]]:
    """The lists issue 12 bounded (waiting list, offers with their occupancy, name search), each with
    the bare SQL of its own SELECTs timed in the same run, and their ratio."""
    import re

    from visitator.demo.data import LAST_NAMES

    from . import measure

    deep_url, reached = measure.follow_cursor(client, WAITING_URL, depth)
    grants_link = measure.GRANTS_LINK
    search = {"query": LAST_NAMES[0]}  # a common last name: many matches, ranked and capped
    partial = {"query": LAST_NAMES[2][:5].lower()}  # part of a name, lower case
    pages = [
        ("waiting", WAITING_URL, 0, None, "grants_grant", grants_link),
        ("waiting_deep", deep_url, reached, None, "grants_grant", grants_link),
        ("offers", OFFERS_URL, 0, None, "offers_offer", re.compile(rb'<tr id="tilbud-')),
        ("case_search_name", CASE_SEARCH_URL, 0, search, "people_citizen", measure.CASE_LINK),
        ("case_search_partial", CASE_SEARCH_URL, 0, partial, "people_citizen", measure.CASE_LINK),
        ("citizen_search_name", CITIZEN_SEARCH_URL, 0, search, "people_citizen", measure.CASE_LINK),
    ]
    results = []
    for name, url, page_depth, data, table, link in pages:
        page = measure.time_page(
            client,
            name=name,
            url=url,
            warmup=warmup,
            requests=requests,
            depth=page_depth,
            table=table,
            row_link=link,
            data=data,
            bare=True,
        )
        results.append(page.as_dict())
        print(
            f"    {name:<20} p50 {page.p50_ms:6.1f} ms  p95 {page.p95_ms:6.1f} ms  "
            f"bare SQL p50 {page.bare_p50_ms:5.1f} ms  ratio {page.ratio:4.1f}  "
            f"{page.queries} queries  {page.rows} rows",
            flush=True,
        )
    return results


def run(
    *,
    sizes: list[int],
    warmup: int,
    requests: int,
    depth: int,
    seed: int,
    municipalities: int = 1,
    home_share: float | None = None,
) -> dict[str, Any]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "visitator.settings")
    django.setup()

    from django.core.management import call_command

    from . import measure
    from .seed import Seeder, analyze, setup_organisation

    started = time.perf_counter()
    result: dict[str, Any] = {"db": _db_info(), "sizes": []}

    step = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    result["migrate_seconds"] = time.perf_counter() - step
    print(f"  migrated in {result['migrate_seconds']:.1f} s", flush=True)

    step = time.perf_counter()
    staff = setup_organisation()
    result["setup_seconds"] = time.perf_counter() - step
    seeder = Seeder(staff, seed=seed, municipalities=municipalities, home_share=home_share)
    result["home_share"] = home_share
    result["municipalities"] = municipalities
    client = measure.client_for(staff.caseworker)

    for size in sizes:
        print(f"  seeding to {size:,} cases", flush=True)
        stats = seeder.top_up(size)
        print(f"  seeding to {size:,} grants (one per case)", flush=True)
        grant_stats = seeder.grants_top_up(size)
        analyze_seconds = analyze()
        entry: dict[str, Any] = {
            "size": size,
            "seeded": stats.created,
            "seed_seconds": stats.seconds,
            "grants_seeded": grant_stats.created,
            "grants_seed_seconds": grant_stats.seconds,
            "analyze_seconds": analyze_seconds,
            **_counts(staff),
            "rss_mb_after_seed": _rss_mb(),
            "pages": [],
            "follow_up_pages": [],
        }
        print(
            f"  seeded {stats.created:,} cases in {stats.seconds:.1f} s, "
            f"{grant_stats.created:,} grants in {grant_stats.seconds:.1f} s, "
            f"ANALYZE {analyze_seconds:.1f} s; awaiting: unit {entry['awaiting_unit']:,}, "
            f"mine {entry['awaiting_mine']:,}; follow-ups due: {entry['grants_due']:,}",
            flush=True,
        )
        deep_url, reached = measure.follow_cursor(client, "/?visning=unit&status=awaiting", depth)
        entry["pages"] = _time_pages(
            client,
            [
                ("mine", "/", 0),
                ("unit", "/?visning=unit", 0),
                ("unit_deep", deep_url, reached),
                ("unit_by_received", "/?visning=unit&sortering=modtaget", 0),
                ("unit_by_citizen", "/?visning=unit&sortering=borger", 0),
            ],
            warmup=warmup,
            requests=requests,
        )
        deep_url, reached = measure.follow_cursor(client, FOLLOW_UP_URL, depth)
        entry["follow_up_pages"] = _time_pages(
            client,
            [("follow_ups", FOLLOW_UP_URL, 0), ("follow_ups_deep", deep_url, reached)],
            warmup=warmup,
            requests=requests,
            table="grants_grant",
            row_link=measure.GRANTS_LINK,
        )
        entry["scale_pages"] = _scale_pages(client, depth, warmup=warmup, requests=requests)
        result["sizes"].append(entry)

    result["peak_rss_mb"] = _rss_mb()
    result["total_seconds"] = time.perf_counter() - started
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.worklist", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", required=True, help="comma-separated case counts (= grant counts), ascending"
    )
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--depth", type=int, default=20)
    parser.add_argument("--seed", type=int, default=104)
    parser.add_argument("--municipalities", type=int, default=1)
    parser.add_argument("--home-share", type=float, help="the benchmarked municipality's share of the cases")
    args = parser.parse_args(argv)
    sizes = sorted({int(size) for size in args.sizes.split(",")})
    result = run(
        sizes=sizes,
        warmup=args.warmup,
        requests=args.requests,
        depth=args.depth,
        seed=args.seed,
        municipalities=args.municipalities,
        home_share=args.home_share,
    )
    args.out.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
