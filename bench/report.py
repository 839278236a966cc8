"""Turning the children's results into Markdown (the generated part of docs/benchmarks.md)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

BEGIN = "<!-- BEGIN GENERATED RESULTS (bench/run.py rewrites this part) -->"
END = "<!-- END GENERATED RESULTS -->"
#: A `--scale` run (many municipalities) writes its own part, so the default run's results stay.
SCALE_BEGIN = "<!-- BEGIN SCALE RESULTS (bench/run.py --scale rewrites this part) -->"
SCALE_END = "<!-- END SCALE RESULTS -->"

TARGET_CASES = 100_000  # the case worklist: 100,000 cases
TARGET_GRANTS = 100_000  # the follow-up worklist: 100,000 grants (one per case)
TARGET_P95_MS = 50.0

PAGE_LABELS = {
    "mine": "`/` my cases, awaiting decision",
    "unit": "`/?visning=unit` the unit's cases, awaiting decision",
    "unit_deep": "the unit's list, {depth} pages in (`&efter=`)",
    "follow_ups": "`/opfoelgning/` the unit's follow-ups due",
    "follow_ups_deep": "the follow-up list, {depth} pages in (`?efter=`)",
}

BACKEND_LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


@dataclass(frozen=True)
class Worklist:
    """One measured list: its pages in each size's result, what its size counts, and its targets."""

    key: str  # "pages" or "follow_up_pages" in each size's result
    prefix: str  # of the verdict names: "" or "follow_up_"
    title: str
    unit: str  # what the size counts: "cases" or "grants"
    count_key: str  # the size's row count in the result
    target: int
    table: str  # the list query's table (older results have no main_sql)


WORKLISTS = (
    Worklist("pages", "", "Case worklist", "cases", "cases", TARGET_CASES, "cases_case"),
    Worklist(
        "follow_up_pages",
        "follow_up_",
        "Follow-up worklist",
        "grants",
        "grants",
        TARGET_GRANTS,
        "grants_grant",
    ),
)


def _ms(value: float) -> str:
    return f"{value:.1f}"


def _page_label(page: dict[str, Any]) -> str:
    return PAGE_LABELS.get(page["name"], page["name"]).format(depth=page.get("depth", 0))


def _evaluate_worklist(sizes: list[dict[str, Any]], worklist: Worklist) -> dict[str, Any]:
    measured = [size for size in sizes if size.get(worklist.key)]
    if not measured:
        missing = {"ok": None, "text": "not measured in this run"}
        return {f"{worklist.prefix}p95": missing, f"{worklist.prefix}queries": missing}
    largest, smallest = measured[-1], measured[0]
    count = largest.get(worklist.count_key, largest["size"])
    verdict: dict[str, Any] = {}
    worst = max(largest[worklist.key], key=lambda page: page["p95_ms"])
    if count >= worklist.target:
        verdict[f"{worklist.prefix}p95"] = {
            "ok": worst["p95_ms"] < TARGET_P95_MS,
            "text": f"worst p95 {_ms(worst['p95_ms'])} ms ({worst['name']}) at {count:,} {worklist.unit}",
        }
    else:
        verdict[f"{worklist.prefix}p95"] = {
            "ok": None,
            "text": f"not evaluated: largest run {count:,} {worklist.unit} "
            f"(worst p95 {_ms(worst['p95_ms'])} ms, {worst['name']})",
        }
    if len(measured) > 1:
        small = {page["name"]: page["queries"] for page in smallest[worklist.key]}
        large = {page["name"]: page["queries"] for page in largest[worklist.key]}
        detail = ", ".join(f"{name} {small[name]}/{large.get(name)}" for name in small)
        small_count = smallest.get(worklist.count_key, smallest["size"])
        verdict[f"{worklist.prefix}queries"] = {
            "ok": small == large,
            "text": f"{detail} at {small_count:,}/{count:,} {worklist.unit}",
        }
    else:
        verdict[f"{worklist.prefix}queries"] = {"ok": None, "text": "not evaluated: only one size was run"}
    return verdict


def evaluate(result: dict[str, Any]) -> dict[str, Any]:
    """Pass/fail against the targets for one backend's result, for each worklist.

    Keys: "p95" and "queries" (the case worklist), "follow_up_p95" and "follow_up_queries".
    """
    verdict: dict[str, Any] = {}
    for worklist in WORKLISTS:
        verdict.update(_evaluate_worklist(result["sizes"], worklist))
    return verdict


def _mark(ok: bool | None) -> str:
    return {True: "**PASS**", False: "**FAIL**", None: "n/a"}[ok]


def render(
    *,
    started: str,
    command: str,
    options: dict[str, Any],
    machine: dict[str, Any],
    results: dict[str, dict[str, Any]],
    skipped: dict[str, str],
    wall_seconds: float,
) -> str:
    lines: list[str] = [BEGIN, "", "## Latest results", ""]
    lines += [
        f"Run on {started} with `{command}` ({wall_seconds / 60:.1f} minutes in all).",
        f"Each page: {options['warmup']} warm-up requests, then {options['requests']} timed requests; "
        f"sizes {', '.join(f'{size:,}' for size in options['sizes'])} cases, and as many grants (one per "
        f"case); random seed {options['seed']}.",
        "",
        "### Machine",
        "",
        "| | |",
        "|---|---|",
        f"| CPU | {machine['cpu_model']} |",
        f"| Cores (nproc) | {machine['nproc']} |",
        f"| Memory | {machine['memory_gib']:.1f} GiB |"
        if machine.get("memory_gib")
        else "| Memory | unknown |",
        f"| Kernel | Linux {machine['kernel']} |",
        f"| Python | {machine['python']} |",
        f"| Django | {machine['django']} |",
    ]
    for backend, result in results.items():
        db = result["db"]
        settings = ", ".join(f"{key}={value}" for key, value in db.get("settings", {}).items())
        lines.append(f"| {BACKEND_LABELS.get(backend, backend)} | {db['version']} ({settings}) |")
    for backend, reason in skipped.items():
        lines.append(f"| {BACKEND_LABELS.get(backend, backend)} | skipped: {reason} |")
    load_before = options.get("load_before")
    if load_before:
        lines.append(
            f"| Load average at start | {' / '.join(f'{value:.2f}' for value in load_before)} (1/5/15 min) |"
        )
    lines.append("")

    lines += ["### Targets", "", "| Target | " + " | ".join(BACKEND_LABELS.get(b, b) for b in results) + " |"]
    lines.append("|---|" + "---|" * len(results))
    verdicts = {backend: evaluate(result) for backend, result in results.items()}
    for worklist in WORKLISTS:
        rows = (
            (
                f"{worklist.title}: p95 < {TARGET_P95_MS:.0f} ms at {worklist.target:,} {worklist.unit}, "
                "every page",
                "p95",
            ),
            (f"{worklist.title}: same query count at the smallest and largest size", "queries"),
        )
        for text, key in rows:
            cells = (v[f"{worklist.prefix}{key}"] for v in verdicts.values())
            lines.append(f"| {text} | " + " | ".join(f"{_mark(c['ok'])} {c['text']}" for c in cells) + " |")
    lines.append("")
    for backend, reason in skipped.items():
        lines += [f"{BACKEND_LABELS.get(backend, backend)} was skipped: {reason}", ""]

    for backend, result in results.items():
        label = BACKEND_LABELS.get(backend, backend)
        lines += [f"### {label}", ""]
        lines.append(
            f"Migrate {result['migrate_seconds']:.1f} s; peak RSS of the benchmark process "
            f"{result['peak_rss_mb']:.0f} MB; child process {result['total_seconds']:.0f} s in all."
        )
        if result.get("load"):
            before, after = result["load"]["before"], result["load"]["after"]
            lines[-1] += f" Load average (1 min) {before[0]:.2f} before, {after[0]:.2f} after."
        lines.append("")
        lines += [f"#### {label}: case worklist", ""]
        lines += _table(result["sizes"], "pages", _case_columns)
        lines += _details(label, result["sizes"], WORKLISTS[0])
        if any(size.get("follow_up_pages") for size in result["sizes"]):
            lines += [f"#### {label}: follow-up worklist", ""]
            lines += _table(result["sizes"], "follow_up_pages", _grant_columns)
            lines += _details(label, result["sizes"], WORKLISTS[1])
        if any(size.get("scale_pages") for size in result["sizes"]):
            lines += [f"#### {label}: waiting list, offers, name search (issue 12)", ""]
            lines += _scale_table(result)
    lines.append(END)
    return "\n".join(lines) + "\n"


SCALE_LABELS = {
    "waiting": "waiting list, first page",
    "waiting_deep": "waiting list, {depth} pages in",
    "offers": "offer list with occupied places",
    "case_search_name": "case search, a common last name",
    "case_search_partial": "case search, part of a name",
    "citizen_search_name": "citizen search, a common last name",
}


def _scale_table(result: dict[str, Any]) -> list[str]:
    """p50/p95 server time, the bare SQL of the page's own SELECTs (run straight on a cursor in the same
    run), their ratio, and the query count, per size."""
    municipalities = result.get("municipalities", 1)
    share = result.get("home_share") or 1 / municipalities
    lines = [
        f"Cases spread over {municipalities} municipalit{'y' if municipalities == 1 else 'ies'}, "
        f"{share:.0%} of them in the benchmarked caseworker's, whose lists these are. "
        "Bare SQL = the page's SELECT statements, "
        "as captured with their parameters, run on a bare database cursor (the access-log INSERT and "
        "the session write left out); ratio = page p50 / bare SQL p50.",
        "",
        "| Cases | Page | p50 | p95 | Bare SQL p50 / p95 | Ratio | Queries | Rows |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for size in result["sizes"]:
        for page in size.get("scale_pages", []):
            label = SCALE_LABELS.get(page["name"], page["name"]).format(depth=page.get("depth", 0))
            lines.append(
                f"| {size['size']:,} | {label} | {_ms(page['p50_ms'])} | {_ms(page['p95_ms'])} | "
                f"{_ms(page['bare_p50_ms'])} / {_ms(page['bare_p95_ms'])} | {page.get('ratio', 0):.1f}× | "
                f"{page['queries']} | {page['rows']} |"
            )
    lines.append("")
    return lines


def _case_columns(size: dict[str, Any]) -> tuple[str, str, str]:
    rate = size["seeded"] / size["seed_seconds"] if size["seed_seconds"] else 0
    seeding = (
        f"+{size['seeded']:,} in {size['seed_seconds']:.1f} s ({rate:,.0f}/s), "
        f"ANALYZE {size['analyze_seconds']:.1f} s"
    )
    return f"{size['cases']:,}", seeding, f"{size['awaiting_unit']:,} / {size['awaiting_mine']:,}"


def _grant_columns(size: dict[str, Any]) -> tuple[str, str, str]:
    seconds = size.get("grants_seed_seconds", 0.0)
    rate = size.get("grants_seeded", 0) / seconds if seconds else 0
    seeding = f"+{size.get('grants_seeded', 0):,} in {seconds:.1f} s ({rate:,.0f}/s)"
    due = f"{size.get('grants_running', 0):,} / {size.get('grants_due', 0):,}"
    return f"{size.get('grants', 0):,}", seeding, due


HEADERS = {
    "pages": ("Cases", "Seeding", "Awaiting (unit / mine)"),
    "follow_up_pages": ("Grants", "Seeding (grants and decisions)", "Running / due within 30 days"),
}


def _table(
    sizes: list[dict[str, Any]], key: str, columns: Callable[[dict[str, Any]], tuple[str, str, str]]
) -> list[str]:
    count, seeding, extra = HEADERS[key]
    lines = [
        f"| {count} | {seeding} | {extra} | Page "
        "| p50 ms | p95 ms | max ms | CPU p95 ms | DB p50 ms | Queries |",
        "|---:|---|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for size in sizes:
        first_cells = columns(size)
        for index, page in enumerate(size.get(key) or []):
            cells = first_cells if index == 0 else (first_cells[0], "", "")
            lines.append(
                f"| {' | '.join(cells)} | {_page_label(page)} | {_ms(page['p50_ms'])} | "
                f"{_ms(page['p95_ms'])} | {_ms(page['max_ms'])} | {_ms(page['cpu_p95_ms'])} | "
                f"{_ms(page['db_p50_ms'])} | "
                f"{page['queries']} |"
            )
    lines.append("")
    return lines


def _details(label: str, sizes: list[dict[str, Any]], worklist: Worklist) -> list[str]:
    measured = [size for size in sizes if size.get(worklist.key)]
    if not measured:
        return []
    largest = measured[-1]
    first_page = largest[worklist.key][0]
    count = largest.get(worklist.count_key, largest["size"])
    lines = [
        "<details>",
        f"<summary>{label}: the queries of one request and the plan of each list query at "
        f"{count:,} {worklist.unit}</summary>",
        "",
        f"Queries of one `{first_page['url']}` request:",
        "",
        "```sql",
        *[_shorten(sql) for sql in first_page["sql"]],
        "```",
        "",
    ]
    for page in largest[worklist.key]:
        main_sql = page.get("main_sql") or next(
            (sql for sql in page["sql"] if f'FROM "{worklist.table}"' in sql), None
        )
        if main_sql:
            lines += [
                f"List query for {_page_label(page)}:",
                "",
                "```sql",
                _shorten(main_sql, 2000),
                "```",
                "",
            ]
        if page.get("explain"):
            lines += ["Its plan:", "", "```", page["explain"], "```", ""]
    lines += ["</details>", ""]
    return lines


SESSION_KEY = re.compile(r"(\"session_key\" = )'[a-z0-9]+'")
COLUMNS = re.compile(r"^SELECT (.+?) FROM ", re.DOTALL)


def _shorten(sql: str, limit: int = 600) -> str:
    """One query for the report: no session key, no column list, long INSERTs cut."""
    sql = SESSION_KEY.sub(r"\1'<session key>'", sql)
    sql = COLUMNS.sub("SELECT … FROM ", sql, count=1)
    return sql if len(sql) <= limit else sql[:limit] + " …"


def splice(document: str, generated: str, *, scale: bool = False) -> str:
    """Replace the generated part of `document` (or append it when the markers are missing); with
    `scale`, the part of a `--scale` run, between SCALE_BEGIN and SCALE_END."""
    begin, end = (SCALE_BEGIN, SCALE_END) if scale else (BEGIN, END)
    if scale:
        generated = (
            generated.replace(BEGIN, begin)
            .replace(END, end)
            .replace("## Latest results", "### Latest national-scale results", 1)
        )
    if begin in document and end in document:
        head, rest = document.split(begin, 1)
        _, tail = rest.split(end, 1)
        return head + generated.rstrip("\n") + tail
    return document.rstrip("\n") + "\n\n" + generated
