"""Turning the children's results into Markdown (the generated part of docs/benchmarks.md)."""

from __future__ import annotations

import re
from typing import Any

BEGIN = "<!-- BEGIN GENERATED RESULTS (bench/run.py rewrites this part) -->"
END = "<!-- END GENERATED RESULTS -->"

TARGET_CASES = 100_000
TARGET_P95_MS = 50.0

PAGE_LABELS = {
    "mine": "`/` my cases, awaiting decision",
    "unit": "`/?visning=unit` the unit's cases, awaiting decision",
    "unit_deep": "the unit's list, {depth} pages in (`&efter=`)",
}

BACKEND_LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def _ms(value: float) -> str:
    return f"{value:.1f}"


def _page_label(page: dict[str, Any]) -> str:
    return PAGE_LABELS.get(page["name"], page["name"]).format(depth=page.get("depth", 0))


def evaluate(result: dict[str, Any]) -> dict[str, Any]:
    """Pass/fail against the targets for one backend's result."""
    sizes = result["sizes"]
    largest, smallest = sizes[-1], sizes[0]
    verdict: dict[str, Any] = {}
    worst = max(largest["pages"], key=lambda page: page["p95_ms"])
    if largest["size"] >= TARGET_CASES:
        verdict["p95"] = {
            "ok": worst["p95_ms"] < TARGET_P95_MS,
            "text": f"worst p95 {_ms(worst['p95_ms'])} ms ({worst['name']}) at {largest['size']:,} cases",
        }
    else:
        verdict["p95"] = {
            "ok": None,
            "text": f"not evaluated: largest run {largest['size']:,} cases "
            f"(worst p95 {_ms(worst['p95_ms'])} ms, {worst['name']})",
        }
    if len(sizes) > 1:
        small = {page["name"]: page["queries"] for page in smallest["pages"]}
        large = {page["name"]: page["queries"] for page in largest["pages"]}
        same = small == large
        detail = ", ".join(f"{name} {small[name]}/{large.get(name)}" for name in small)
        verdict["queries"] = {
            "ok": same,
            "text": f"{detail} at {smallest['size']:,}/{largest['size']:,} cases",
        }
    else:
        verdict["queries"] = {"ok": None, "text": "not evaluated: only one size was run"}
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
        f"sizes {', '.join(f'{size:,}' for size in options['sizes'])} cases; random seed {options['seed']}.",
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
    lines.append(
        f"| p95 < {TARGET_P95_MS:.0f} ms at {TARGET_CASES:,} cases, every page | "
        + " | ".join(f"{_mark(v['p95']['ok'])} {v['p95']['text']}" for v in verdicts.values())
        + " |"
    )
    lines.append(
        "| Same query count at the smallest and largest size | "
        + " | ".join(f"{_mark(v['queries']['ok'])} {v['queries']['text']}" for v in verdicts.values())
        + " |"
    )
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
        lines.append(
            "| Cases | Seeding | Awaiting (unit / mine) | Page "
            "| p50 ms | p95 ms | max ms | CPU p95 ms | DB p50 ms | Queries |"
        )
        lines.append("|---:|---|---|---|---:|---:|---:|---:|---:|---:|")
        for size in result["sizes"]:
            rate = size["seeded"] / size["seed_seconds"] if size["seed_seconds"] else 0
            seeding = (
                f"+{size['seeded']:,} in {size['seed_seconds']:.1f} s ({rate:,.0f}/s), "
                f"ANALYZE {size['analyze_seconds']:.1f} s"
            )
            awaiting = f"{size['awaiting_unit']:,} / {size['awaiting_mine']:,}"
            for index, page in enumerate(size["pages"]):
                first = index == 0
                lines.append(
                    f"| {size['cases']:,} | {seeding if first else ''} | {awaiting if first else ''} | "
                    f"{_page_label(page)} | {_ms(page['p50_ms'])} | {_ms(page['p95_ms'])} | "
                    f"{_ms(page['max_ms'])} | {_ms(page['cpu_p95_ms'])} | {_ms(page['db_p50_ms'])} | "
                    f"{page['queries']} |"
                )
        lines.append("")
        largest = result["sizes"][-1]
        first_page = largest["pages"][0]
        lines += [
            "<details>",
            f"<summary>{label}: the queries of one request and the plan of each worklist query at "
            f"{largest['cases']:,} cases</summary>",
            "",
            f"Queries of one `{first_page['url']}` request:",
            "",
            "```sql",
            *[_shorten(sql) for sql in first_page["sql"]],
            "```",
            "",
        ]
        for page in largest["pages"]:
            worklist_sql = next((sql for sql in page["sql"] if 'FROM "cases_case"' in sql), None)
            if worklist_sql:
                lines += [
                    f"Worklist query for {_page_label(page)}:",
                    "",
                    "```sql",
                    _shorten(worklist_sql, 2000),
                ]
                lines += ["```", ""]
            if page.get("explain"):
                lines += ["Its plan:", "", "```", page["explain"], "```", ""]
        lines += ["</details>", ""]
    lines.append(END)
    return "\n".join(lines) + "\n"


SESSION_KEY = re.compile(r"(\"session_key\" = )'[a-z0-9]+'")
COLUMNS = re.compile(r"^SELECT (.+?) FROM ", re.DOTALL)


def _shorten(sql: str, limit: int = 600) -> str:
    """One query for the report: no session key, no column list, long INSERTs cut."""
    sql = SESSION_KEY.sub(r"\1'<session key>'", sql)
    sql = COLUMNS.sub("SELECT … FROM ", sql, count=1)
    return sql if len(sql) <= limit else sql[:limit] + " …"


def splice(document: str, generated: str) -> str:
    """Replace the generated part of `document` (or append it when the markers are missing)."""
    if BEGIN in document and END in document:
        head, rest = document.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        return head + generated.rstrip("\n") + tail
    return document.rstrip("\n") + "\n\n" + generated
