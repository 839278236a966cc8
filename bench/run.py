"""`make bench`: seed cases and grants and time the case and follow-up worklists on SQLite and PostgreSQL.

    make bench                                        # 1,000 then 100,000 cases (and grants), both backends
    make bench BENCH_ARGS="--cases 20000"             # a smaller run
    make bench BENCH_ARGS="--backends sqlite"         # one backend
    make bench BENCH_ARGS="--no-docs"                 # don't rewrite docs/benchmarks.md
    make bench BENCH_ARGS="--from-json var/bench/results.json"   # rewrite the docs from saved results
    make bench BENCH_ARGS="--scale 1m --backends postgresql"    # 1,000,000 cases in 98 municipalities
    make bench BENCH_ARGS="--cases 200000 --municipalities 20"  # any size, any number of municipalities

`--scale` sets the large size (1m, 250k, 100000, ...) and, unless --municipalities is given, spreads
the cases over 98 municipalities; the benchmarked one is the largest, with 10 % of them (like
Copenhagen), the rest spread at random; the small size becomes 10,000 (1,000 of them the benchmarked
municipality's) unless --small is given.

For each backend this process starts one child (`python -m bench.worklist`) with DATABASE_URL set,
because Django's settings are fixed per process. SQLite uses var/bench/bench.sqlite3, PostgreSQL the
database `visitator_bench` on 127.0.0.1:5432 (user postgres); both are recreated on every run.
PostgreSQL is skipped, with a note, when it cannot be reached.

Results: printed, written as JSON to var/bench/results.json, and (unless --no-docs) into the
generated part of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from . import machine, report

PROJECT_DIR = Path(__file__).resolve().parent.parent
BENCH_DIR = PROJECT_DIR / "var" / "bench"
DOCS = PROJECT_DIR / "docs" / "benchmarks.md"
DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/visitator_bench"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", ""}


#: Denmark's municipalities: the national installation `--scale` models.
NATIONAL_MUNICIPALITIES = 98
#: With --scale, the benchmarked municipality's share of the cases: the largest, like Copenhagen.
HOME_SHARE = 0.10


def _size(text: str) -> int:
    """1m, 250k, 100000 or 100_000."""
    value = text.strip().lower().replace("_", "").replace(",", "")
    factor = {"k": 1_000, "m": 1_000_000}.get(value[-1:], 1)
    try:
        return int(float(value.rstrip("km")) * factor)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (say 1m, 250k or 100000)") from exc


class Skip(Exception):
    """A backend that cannot run here (the reason is shown and written to the report)."""


def _sqlite_url() -> str:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    path = BENCH_DIR / "bench.sqlite3"
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def _postgres_url(url: str) -> str:
    """Drop and recreate the benchmark database; return its URL. Refuses anything but a local *bench* db."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if (parts.hostname or "") not in LOCAL_HOSTS:
        raise SystemExit(f"--pg-url must point at this machine (127.0.0.1/localhost), not {parts.hostname}")
    if "bench" not in name:
        raise SystemExit(
            f"refusing to drop database {name!r}: the benchmark database's name must contain 'bench'"
        )
    try:
        import psycopg
        from psycopg import sql
    except ImportError as exc:  # pragma: no cover - psycopg is a dependency
        raise Skip(f"psycopg is not installed ({exc})") from exc
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.OperationalError as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise Skip(
            f"PostgreSQL at {parts.hostname}:{parts.port or 5432} is unreachable ({first_line})"
        ) from exc
    return url


def _child(backend: str, database_url: str, args: argparse.Namespace) -> dict[str, Any]:
    out = BENCH_DIR / f"result-{backend}.json"
    (BENCH_DIR / "static").mkdir(parents=True, exist_ok=True)  # STATIC_ROOT: WhiteNoise warns when missing
    out.unlink(missing_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "VISITATOR_DEV": "1",
        "VISITATOR_VAR_DIR": str(BENCH_DIR),
        "DJANGO_SETTINGS_MODULE": "visitator.settings",
        "DEBUG": "0",  # DEBUG keeps every query in memory
        "LOG_LEVEL": "WARNING",
    }
    command = [
        sys.executable,
        "-m",
        "bench.worklist",
        "--sizes",
        ",".join(str(size) for size in args.sizes),
        "--out",
        str(out),
        "--warmup",
        str(args.warmup),
        "--requests",
        str(args.requests),
        "--depth",
        str(args.depth),
        "--seed",
        str(args.seed),
        "--municipalities",
        str(args.municipalities),
        *(["--home-share", str(args.home_share)] if args.home_share is not None else []),
    ]
    completed = subprocess.run(command, cwd=PROJECT_DIR, env=env, check=False)  # noqa: S603
    if completed.returncode != 0:
        raise RuntimeError(f"the {backend} benchmark failed (exit code {completed.returncode})")
    return json.loads(out.read_text(encoding="utf-8"))


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description="Time the worklists at scale.")
    parser.add_argument(
        "--cases", type=int, default=100_000, help="the large size, cases and grants (default 100,000)"
    )
    parser.add_argument(
        "--small", type=int, help="the small size, cases and grants (default 1,000; 10,000 with --scale)"
    )
    parser.add_argument(
        "--backends", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql (default both)"
    )
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page (default 200)")
    parser.add_argument("--warmup", type=int, default=30, help="warm-up requests per page (default 30)")
    parser.add_argument(
        "--depth", type=int, default=20, help="pages to follow for the deep page (default 20)"
    )
    parser.add_argument("--seed", type=int, default=104, help="random seed for the data (default 104)")
    parser.add_argument(
        "--scale", type=_size, help="the large size as 1m, 250k or a number; implies 98 municipalities"
    )
    parser.add_argument(
        "--municipalities",
        type=int,
        help="municipalities to spread the cases over (default 1, or 98 with --scale)",
    )
    parser.add_argument(
        "--pg-url", default=DEFAULT_PG_URL, help=f"benchmark database (default {DEFAULT_PG_URL})"
    )
    parser.add_argument("--no-docs", action="store_true", help="don't rewrite docs/benchmarks.md")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument(
        "--from-json", type=Path, metavar="PATH", help="measure nothing: rewrite the docs from a results.json"
    )
    args = parser.parse_args(argv)
    args.home_share = None
    if args.scale:
        args.cases = args.scale
        args.home_share = HOME_SHARE if args.municipalities is None else None
    if args.small is None:
        args.small = 10_000 if args.scale else 1_000
    if args.municipalities is None:
        args.municipalities = NATIONAL_MUNICIPALITIES if args.scale else 1
    if args.municipalities < 1:
        parser.error("--municipalities must be at least 1")
    args.sizes = sorted({size for size in (args.small, args.cases) if size > 0})
    args.backends = [b.strip().lower() for b in args.backends.split(",") if b.strip()]
    args.backends = ["postgresql" if b in ("postgres", "pg") else b for b in args.backends]
    unknown = set(args.backends) - {"sqlite", "postgresql"}
    if unknown:
        parser.error(f"unknown backend(s): {', '.join(sorted(unknown))}")
    return args


def _measure(args: argparse.Namespace, command: str) -> dict[str, Any]:
    started_at = dt.datetime.now().astimezone()
    wall = time.perf_counter()
    description = machine.describe()
    load_before = machine.load()
    print(
        f"Visitator benchmark: sizes {', '.join(f'{s:,}' for s in args.sizes)}; "
        f"backends {', '.join(args.backends)}\n"
        f"Machine: {description['nproc']} cores, {description['cpu_model']}, "
        f"{description['memory_gib'] or 0:.1f} GiB; load {load_before[0]:.2f}",
        flush=True,
    )
    results: dict[str, dict[str, Any]] = {}
    skipped: dict[str, str] = {}
    for backend in args.backends:
        print(f"\n== {report.BACKEND_LABELS[backend]} ==", flush=True)
        try:
            url = _sqlite_url() if backend == "sqlite" else _postgres_url(args.pg_url)
        except Skip as exc:
            skipped[backend] = str(exc)
            print(f"  SKIPPED: {exc}", flush=True)
            continue
        load_before_child = machine.load()
        results[backend] = _child(backend, url, args)
        results[backend]["load"] = {"before": load_before_child, "after": machine.load()}
    raw = {
        "started": started_at.strftime("%Y-%m-%d %H:%M %Z"),
        "command": command,
        "options": {
            "sizes": args.sizes,
            "warmup": args.warmup,
            "requests": args.requests,
            "depth": args.depth,
            "seed": args.seed,
            "municipalities": args.municipalities,
            "home_share": args.home_share,
            "load_before": load_before,
        },
        "machine": description,
        "results": results,
        "skipped": skipped,
        "wall_seconds": time.perf_counter() - wall,
    }
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    (BENCH_DIR / "results.json").write_text(json.dumps(raw, indent=2, default=str), encoding="utf-8")
    return raw


def main(argv: list[str] | None = None) -> int:
    given = sys.argv[1:] if argv is None else argv
    args = _parse(given)
    if args.from_json:
        raw = json.loads(args.from_json.read_text(encoding="utf-8"))
    else:
        command = "make bench" + (f' BENCH_ARGS="{shlex.join(given)}"' if given else "")
        raw = _measure(args, command)

    failed = False
    print("\n== Targets ==")
    for backend, result in raw["results"].items():
        for name, verdict in report.evaluate(result).items():
            mark = {True: "PASS", False: "FAIL", None: "n/a "}[verdict["ok"]]
            failed = failed or verdict["ok"] is False
            print(f"  {report.BACKEND_LABELS[backend]:<10} {name:<17} {mark}  {verdict['text']}")
    for backend, reason in raw["skipped"].items():
        print(f"  {report.BACKEND_LABELS[backend]:<10} skipped: {reason}")

    if not args.no_docs and raw["results"]:
        generated = report.render(
            started=raw["started"],
            command=raw.get("command", "make bench"),
            options=raw["options"],
            machine=raw["machine"],
            results=raw["results"],
            skipped=raw["skipped"],
            wall_seconds=raw["wall_seconds"],
        )
        existing = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# Benchmarks\n"
        scale = raw["options"].get("municipalities", 1) > 1
        DOCS.write_text(report.splice(existing, generated, scale=scale), encoding="utf-8")
        print(f"\nWrote {DOCS.relative_to(PROJECT_DIR)}")
    if not args.from_json:
        print(f"Done in {raw['wall_seconds'] / 60:.1f} minutes.")
    return 1 if failed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
