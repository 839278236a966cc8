"""Letter rendering benchmark: `python -m bench.letters`.

Renders refusal letters (compose + PDF/A render) on a fresh SQLite database and prints the timings as
JSON: p50, p95 and max in milliseconds, after warm-up letters that are not counted. Also times a full
`letter_send` (check, render, store, deliver, log) for a few letters. Target: under 200 ms per letter.

    python -m bench.letters                      # 50 letters after 5 warm-up
    python -m bench.letters --letters 200 --warmup 10

Standalone: it sets DATABASE_URL to a temporary SQLite file and MEDIA_ROOT to a temporary folder
before Django starts, so it never touches var/ or another database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def _summary(values: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(values), 2),
        "p95_ms": round(_percentile(values, 0.95), 2),
        "max_ms": round(max(values), 2),
        "mean_ms": round(statistics.fmean(values), 2),
    }


def _setup(workdir: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'letters.sqlite3'}"
    os.environ["VISITATOR_MEDIA_ROOT"] = str(workdir / "media")
    os.environ.setdefault("VISITATOR_DEV", "1")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "visitator.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def run(*, letters: int, warmup: int, sends: int) -> dict[str, Any]:
    from django.contrib.auth.models import Group, User
    from django.utils import timezone

    from visitator.cases.services import case_receive
    from visitator.core import clock
    from visitator.demo.data import demo_contact, demo_unit, fictitious_cpr, load_standards
    from visitator.letters.compose import DecisionFacts, LetterKind, letter_compose
    from visitator.letters.models import StaffContact
    from visitator.letters.render import letter_render
    from visitator.letters.services import letter_send
    from visitator.organisation.models import StaffMembership
    from visitator.organisation.roles import CASEWORKER
    from visitator.people.services import citizen_create

    load_standards()
    unit = demo_unit()
    user = User.objects.create_user(username="bench-letters", first_name="Bench", last_name="Letters")
    user.groups.add(Group.objects.get_or_create(name=CASEWORKER)[0])
    StaffMembership.objects.create(user=user, unit=unit)
    StaffContact.objects.create(user=user, direct_phone="99 99 10 30")
    demo_contact(unit)
    today = dt.date(2026, 11, 27)
    rng = random.Random(104)
    with clock.frozen(today):
        citizen = citizen_create(
            user=user,
            cpr=fictitious_cpr(rng),
            first_name="Anna",
            last_name="Jensen (testperson)",
            address_line="Testvej 1",
            postcode="9600",
            city="Aars",
            is_test_person=True,
        )
        received = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=40), dt.time(9)))
        case = case_receive(user=user, citizen=citizen, received_at=received, channel="digital")
        facts = DecisionFacts(
            applied_for="aktivitets- og samværstilbud 5 dage om ugen",
            legal_rules=("Serviceloven § 104", "Serviceloven § 1, stk. 3", "Retssikkerhedsloven § 5"),
            main_considerations=(
                "Vi har lagt vægt på, at dit behov for socialt samvær kan dækkes af værestedet i Aars, som "
                "du allerede kommer i to gange om ugen. " * 3
            ),
            facts="Lægeerklæring af 3. oktober 2026 og samtalen med dig den 10. oktober 2026.",
            alternatives=(
                "Værestedet i Aars (uvisiteret tilbud)",
                "Socialpædagogisk støtte, serviceloven § 85",
            ),
            departures=("Individuel kørsel med taxa, fordi du ikke kan tage bussen",),
        )

        counter = iter(range(1_000_000))

        def varied() -> DecisionFacts:
            # Every letter differs, so no cache inside typst can serve a previous result.
            n = next(counter)
            return replace(facts, facts=f"{facts.facts} Notat nr. {n} af {n % 28 + 1}. oktober 2026.")

        def one() -> tuple[float, int, int]:
            start = time.perf_counter()
            draft = letter_compose(kind=LetterKind.REFUSAL, case=case, decision=varied())
            rendered = letter_render(draft)
            return (time.perf_counter() - start) * 1000, rendered.page_count, rendered.size

        first_ms, pages, size = one()
        for _ in range(max(0, warmup - 1)):
            one()
        timings = [one()[0] for _ in range(letters)]

        send_timings = []
        for _ in range(sends):
            start = time.perf_counter()
            draft = letter_compose(kind=LetterKind.REFUSAL, case=case, decision=varied())
            letter_send(user=user, draft=draft)
            send_timings.append((time.perf_counter() - start) * 1000)

    result: dict[str, Any] = {
        "benchmark": "letters",
        "what": "letter_compose + letter_render of a refusal letter (PDF/A-2a, typst)",
        "letters": letters,
        "warmup": warmup,
        "first_letter_ms": round(first_ms, 2),
        **_summary(timings),
        "pages": pages,
        "pdf_bytes": size,
        "target_ms": 200,
        "within_target": _percentile(timings, 0.95) < 200,
    }
    if send_timings:
        result["send"] = {"letters": sends, **_summary(send_timings)}
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=50, help="letters timed (default 50)")
    parser.add_argument("--warmup", type=int, default=5, help="letters rendered first, not timed (default 5)")
    parser.add_argument("--sends", type=int, default=10, help="full letter_send calls timed (default 10)")
    parser.add_argument("--docs", type=Path, help="rewrite the letter results block in this Markdown file")
    args = parser.parse_args(argv)
    if args.letters < 1:
        parser.error("--letters must be at least 1")
    with tempfile.TemporaryDirectory(prefix="visitator-bench-letters-") as workdir:
        _setup(Path(workdir))
        result = run(letters=args.letters, warmup=args.warmup, sends=args.sends)
    json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    if args.docs:
        write_docs(args.docs, result)
    return 0


DOCS_BEGIN = "<!-- BEGIN LETTER RESULTS (bench/letters.py rewrites this part) -->"
DOCS_END = "<!-- END LETTER RESULTS -->"


def write_docs(path: Path, result: dict[str, Any]) -> None:
    """Rewrite the block between the letter markers (appended to the file the first time)."""
    import datetime as dt
    import platform

    send = result.get("send", {})
    verdict = "meets" if result["within_target"] else "MISSES"
    block = "\n".join(
        [
            DOCS_BEGIN,
            "",
            f"Measured {dt.date.today().isoformat()} on {platform.machine()}, "
            f"Python {platform.python_version()}: {result['what']}, "
            f"{result['letters']} letters after {result['warmup']} warm-up.",
            "",
            "| what | p50 ms | p95 ms | max ms | target |",
            "|---|---|---|---|---|",
            f"| compose + render ({result['pages']} pages, {result['pdf_bytes']:,} bytes) "
            f"| {result['p50_ms']} | {result['p95_ms']} | {result['max_ms']} "
            f"| p95 < {result['target_ms']} ms: {verdict} |",
            *(
                [
                    f"| letter_send (check, render, store, dispatch, log) "
                    f"| {send['p50_ms']} | {send['p95_ms']} | {send['max_ms']} | |"
                ]
                if send
                else []
            ),
            "",
            DOCS_END,
        ]
    )
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if DOCS_BEGIN in text and DOCS_END in text:
        before, rest = text.split(DOCS_BEGIN, 1)
        after = rest.split(DOCS_END, 1)[1]
        text = before + block + after
    else:
        text = text.rstrip() + "\n\n## Letters\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
