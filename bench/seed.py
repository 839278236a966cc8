"""Seeding many cases and grants fast: bulk_create in batches, no service functions.

The services (case_receive, case_transition, decision_make) write status history, events, letters
and access-log rows one case at a time; at 100,000 cases that would take far longer than the
measurement. The benchmark needs the rows the two worklists read, shaped like a real municipality's.

Cases (the case worklist reads cases and their citizens):

- one test-person citizen per case (fictitious CPR numbers, unique per municipality);
- received dates over about three years; about 17 % of cases awaiting a decision (received,
  assessment, hearing), most of them recent, some overdue; the rest decided, active, closed or
  withdrawn;
- decision deadline = received + 56 days, warning 14 days before; the standard version and hash
  of the loaded standard;
- one eighth of the cases assigned to the benchmarked caseworker, the rest to seven colleagues.

`Case.save()` sets `awaiting_decision` from the status; bulk_create does not call save(), so the
seeder sets it itself.

Grants (the follow-up worklist reads grants with their case, citizen and offer): one grant per
seeded case, whatever the case's status, so N cases give N grants. The follow-up list filters on
the grant's status, its next follow-up date and the case's unit, never on the case's status, so the
shortcut changes nothing the page reads; it keeps the case worklist's data as it was (in number and
shape) and the run short. (In a real municipality a grant belongs to a decided case; the
benchmark's data is not consistent in that respect, on purpose.) Each grant has its own decision
(kind "application", granted or partly granted). Decision.letter is a required foreign key; all the
decisions share ONE letter row (of the first case), because neither page reads letters and 100,000
letter rows would only slow the seeding. No goals, transport, orders or follow-up history: the page
does not read them.

- status: about 70 % active, 15 % ordered, 5 % on the waiting list, 10 % stopped;
- next follow-up (the standard asks for one at least every 12 months): running grants 1 % overdue
  (by 1 to 91 days, most by under three weeks), the rest spread evenly over the next 13
  months; so about 8 % of all grants are running and due within 30 days (the list) and the rest are not;
- stopped grants keep the follow-up date they had when they were stopped (past or future): the
  partial index grant_unit_follow_up_due leaves them out, a full index would not;
- offers: the demo's three offers that may be chosen (`load_offers`).
"""

from __future__ import annotations

import datetime as dt
import random
import time
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Group, User
from django.db import connection, transaction
from django.utils import timezone

from visitator.cases.lifecycle import AWAITING_DECISION, Outcome, Status
from visitator.cases.models import Case, CaseNumberSeries, Channel, citizen_sort_name
from visitator.core import clock
from visitator.decisions.models import Decision
from visitator.demo.data import (
    FIRST_NAMES,
    LAST_NAMES,
    STREETS,
    TOWNS,
    demo_unit,
    fictitious_cpr,
    load_offers,
    load_standards,
)
from visitator.grants.models import DayPart, Grant
from visitator.letters.compose import Channel as LetterChannel
from visitator.letters.compose import LetterKind
from visitator.letters.models import Letter
from visitator.offers.models import Offer
from visitator.organisation.models import Municipality, StaffMembership, Unit
from visitator.organisation.roles import CASEWORKER, TEAM_LEADER
from visitator.people.models import Citizen

SERVICE_CODE = "sel-104"
BATCH_SIZE = 5_000
AWAITING_SHARE = 0.17
DECISION_DAYS = 56
WARNING_DAYS = 14
HISTORY_DAYS = 3 * 365
COLLEAGUES = 7  # besides the benchmarked caseworker: 1/8 of the cases are "mine"

BENCH_CASEWORKER = "bench-sagsbehandler"

# Grants: the follow-up worklist.
FOLLOW_UP_WINDOW_DAYS = 30  # grants.selectors.follow_ups_due(within_days=30), the page's default
FOLLOW_UP_SPREAD_DAYS = 395  # running grants: next follow-up spread over the next 13 months
OVERDUE_SHARE = 0.01  # running grants whose follow-up is overdue
GRANT_STATUSES = (Grant.Status.ACTIVE, Grant.Status.ORDERED, Grant.Status.WAITING, Grant.Status.STOPPED)
GRANT_STATUS_WEIGHTS = (70, 15, 5, 10)
SHARED_LETTER_PDF = "letters/bench-shared.pdf"  # never opened: the pages do not read letters


def insert(model: type[Any], objs: list[Any]) -> None:
    """Insert model instances as they are (no save(), no signals): PostgreSQL COPY, which loads several
    times faster than INSERT, or bulk_create on SQLite. Every concrete column is written, so each
    instance must carry its primary key (the seeder makes its own UUIDs). Reusable by any benchmark."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs, batch_size=BATCH_SIZE)
        return
    fields = model._meta.concrete_fields
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    statement = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for obj in objs:
            copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields])


@dataclass
class Staff:
    unit: Unit
    caseworker: User
    team_leader: User
    colleagues: list[User]

    @property
    def caseworkers(self) -> list[User]:
        return [self.caseworker, *self.colleagues]


def _staff_user(username: str, first: str, last: str, role: str, unit: Unit) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last}
    )
    if created:
        user.set_unusable_password()  # force_login only: no password hashing in the benchmark
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    StaffMembership.objects.get_or_create(user=user, defaults={"unit": unit})
    return user


def setup_organisation() -> Staff:
    """Load the standards (which create the municipality and its units) and the benchmark's staff."""
    load_standards()
    unit = demo_unit()
    caseworker = _staff_user(BENCH_CASEWORKER, "Bente", "Benchmark", CASEWORKER, unit)
    team_leader = _staff_user("bench-teamleder", "Tage", "Teamleder", TEAM_LEADER, unit)
    colleagues = [
        _staff_user(f"bench-kollega{n}", FIRST_NAMES[n], "Kollega", CASEWORKER, unit)
        for n in range(1, COLLEAGUES + 1)
    ]
    return Staff(unit=unit, caseworker=caseworker, team_leader=team_leader, colleagues=colleagues)


@dataclass
class SeedStats:
    created: int = 0
    seconds: float = 0.0
    awaiting: int = 0


@dataclass(frozen=True)
class Ungranted:
    """What a grant needs from a seeded case (kept instead of the Case object: 100,000 of these)."""

    case_id: uuid.UUID
    citizen_id: uuid.UUID
    caseworker_id: int
    received_on: dt.date
    decided_on: dt.date | None
    unit_id: uuid.UUID


@dataclass
class Seeder:
    staff: Staff
    seed: int = 104
    today: dt.date = field(default_factory=clock.today)
    rng: random.Random = field(init=False)
    used_cpr: set[str] = field(default_factory=set)
    numbers: dict[tuple[uuid.UUID, int], int] = field(default_factory=dict)
    count: int = 0
    grant_count: int = 0
    ungranted: list[Ungranted] = field(default_factory=list)
    shared_letter: Letter | None = None
    offers: list[Offer] = field(default_factory=list)
    #: Municipalities in all, the benchmarked one included: the others' cases make the tables as big
    #: as a national installation's (every list must stay bounded by its own municipality's rows).
    municipalities: int = 1
    #: The benchmarked municipality's share of the cases (None: an equal share).
    home_share: float | None = None
    #: (unit, caseworkers) of each municipality, the benchmarked one first.
    units: list[tuple[Unit, list[User]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        from visitator.standards.selectors import standard_in_force

        self.municipality = self.staff.unit.municipality
        self.standard = standard_in_force(
            municipality=self.municipality, service_code=SERVICE_CODE, on=self.today
        )
        spec = self.standard.spec
        self.kle = spec.service.kle
        self.facet = spec.service.facet
        self.purpose = spec.purpose.text
        self.content = spec.content.text
        self.units = [(self.staff.unit, self.staff.caseworkers)]
        self.units += [self._other_municipality(n) for n in range(1, self.municipalities)]

    def _other_municipality(self, n: int) -> tuple[Unit, list[User]]:
        """Another municipality (an unused three-digit code), one unit, two caseworkers."""
        used = set(Municipality.objects.values_list("code", flat=True))
        code = next(f"{c:03d}" for c in range(100, 1000) if f"{c:03d}" not in used)
        municipality = Municipality.objects.create(code=code, slug=f"bench-{code}", name=f"Benchmark {code}")
        unit = Unit.objects.create(municipality=municipality, code="myndighed", name="Myndighed")
        staff = [
            _staff_user(f"bench-{code}-{k}", FIRST_NAMES[k], f"Kommune {code}", CASEWORKER, unit)
            for k in (1, 2)
        ]
        return unit, staff

    # -- one case ------------------------------------------------------------------------------------

    def _uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def _cpr(self) -> str:
        while True:
            cpr = fictitious_cpr(self.rng)
            if cpr not in self.used_cpr:
                self.used_cpr.add(cpr)
                return cpr

    def _number(self, unit: Unit, received_on: dt.date) -> str:
        key = (unit.municipality_id, received_on.year)
        last = self.numbers.get(key, 0) + 1
        self.numbers[key] = last
        return f"{received_on.year}-{last:05d}"

    def _at(self, day: dt.date) -> dt.datetime:
        moment = dt.datetime.combine(day, dt.time(self.rng.randint(8, 15), self.rng.randint(0, 59)))
        return timezone.make_aware(moment)

    def _unit(self) -> tuple[Unit, list[User]]:
        """The next case's municipality: the benchmarked one with probability `home_share` (default
        1/municipalities), else one of the others at random."""
        share = self.home_share if self.home_share is not None else 1 / len(self.units)
        if len(self.units) == 1 or self.rng.random() < share:
            return self.units[0]
        return self.rng.choice(self.units[1:])

    def _citizen(self, unit: Unit) -> Citizen:
        rng = self.rng
        postcode, city = rng.choice(TOWNS)
        exempt = rng.random() < 0.08
        return Citizen(
            id=self._uuid(),
            municipality_id=unit.municipality_id,
            cpr=self._cpr(),
            first_name=rng.choice(FIRST_NAMES),
            last_name=f"{rng.choice(LAST_NAMES)} (testperson)",
            address_line=f"{rng.choice(STREETS)} {rng.randint(1, 199)}",
            postcode=postcode,
            city=city,
            digital_post_exempt=exempt,
            digital_post_exemption_reason="Kognitiv funktionsnedsættelse" if exempt else "",
            is_test_person=True,
        )

    def _case(self, citizen: Citizen, unit: Unit, caseworkers: list[User]) -> Case:
        rng = self.rng
        today = self.today
        awaiting = rng.random() < AWAITING_SHARE
        expected_on = decided_on = closed_on = None
        outcome = ""
        if awaiting:
            # A backlog: mostly recent applications, a tail of overdue ones.
            age = min(int(rng.expovariate(1 / 45)), HISTORY_DAYS)
            received_on = today - dt.timedelta(days=age)
            if age < 7:
                status = Status.RECEIVED
            else:
                status = rng.choices([Status.RECEIVED, Status.ASSESSMENT, Status.HEARING], [15, 65, 20])[0]
        else:
            age = rng.randint(7, HISTORY_DAYS)
            received_on = today - dt.timedelta(days=age)
            decided_on = min(today, received_on + dt.timedelta(days=rng.randint(5, 70)))
            status = rng.choices(
                [Status.DECIDED, Status.ACTIVE, Status.CLOSED, Status.WITHDRAWN], [10, 45, 30, 15]
            )[0]
            if status == Status.WITHDRAWN:
                closed_on, decided_on = decided_on, None
            elif status == Status.ACTIVE:
                outcome = rng.choices([Outcome.GRANTED, Outcome.PARTLY_GRANTED], [80, 20])[0]
            elif status == Status.DECIDED:
                outcome = rng.choices(
                    [Outcome.GRANTED, Outcome.PARTLY_GRANTED, Outcome.REFUSED], [60, 15, 25]
                )[0]
            else:
                outcome = rng.choices(
                    [Outcome.GRANTED, Outcome.PARTLY_GRANTED, Outcome.REFUSED], [50, 10, 40]
                )[0]
                closed_on = min(today, decided_on + dt.timedelta(days=rng.randint(0, 400)))
        deadline = received_on + dt.timedelta(days=DECISION_DAYS)
        warning_on = deadline - dt.timedelta(days=WARNING_DAYS)
        if awaiting and today >= warning_on and rng.random() < 0.5:
            expected_on = deadline + dt.timedelta(days=21)  # a deadline notice was sent
        if unit == self.staff.unit:
            caseworker = (
                self.staff.caseworker
                if rng.randrange(COLLEAGUES + 1) == 0
                else rng.choice(self.staff.colleagues)
            )
        else:
            caseworker = rng.choice(caseworkers)
        decided = decided_on is not None
        return Case(
            id=self._uuid(),
            number=self._number(unit, received_on),
            municipality_id=unit.municipality_id,
            unit=unit,
            caseworker=caseworker,
            citizen=citizen,
            citizen_sort_name=citizen_sort_name(citizen),  # bulk_create skips Case.save()
            service_code=SERVICE_CODE,
            standard_version=self.standard,
            standard_hash=self.standard.content_hash,
            decided_standard_version=self.standard if decided else None,
            decided_standard_hash=self.standard.content_hash if decided else "",
            kle=self.kle,
            facet=self.facet,
            received_at=self._at(received_on),
            received_on=received_on,
            channel=rng.choice(Channel.values),
            registered_by=caseworker,
            target_group_reduced_function=rng.random() < 0.8,
            target_group_social_problems=rng.random() < 0.3,
            status=status,
            outcome=outcome,
            awaiting_decision=status in AWAITING_DECISION,  # bulk_create skips Case.save()
            decision_deadline=deadline,
            deadline_warning_on=warning_on,
            expected_decision_on=expected_on,
            decided_on=decided_on,
            closed_on=closed_on,
        )

    # -- many ----------------------------------------------------------------------------------------

    def top_up(self, total: int, *, progress: bool = True) -> SeedStats:
        """Create cases (with their citizens) until there are `total`."""
        stats = SeedStats()
        start = time.perf_counter()
        while self.count < total:
            size = min(BATCH_SIZE, total - self.count)
            citizens, cases = [], []
            for _ in range(size):
                unit, caseworkers = self._unit()
                citizens.append(self._citizen(unit))
                cases.append(self._case(citizens[-1], unit, caseworkers))
            with transaction.atomic():
                insert(Citizen, citizens)
                insert(Case, cases)
            caseworker_pk = self.staff.caseworker.pk  # never used: every seeded case has a caseworker
            self.ungranted.extend(
                Ungranted(
                    case.id,
                    citizen.id,
                    case.caseworker_id or caseworker_pk,
                    case.received_on,
                    case.decided_on,
                    case.unit_id,
                )
                for case, citizen in zip(cases, citizens, strict=True)
            )
            self.count += size
            stats.created += size
            stats.awaiting += sum(1 for case in cases if case.awaiting_decision)
            if progress and (self.count % 25_000 == 0 or self.count == total):
                print(f"    {self.count:>7,} cases ({time.perf_counter() - start:.1f} s)", flush=True)
        with transaction.atomic():
            for (municipality_id, year), last in self.numbers.items():
                CaseNumberSeries.objects.update_or_create(
                    municipality_id=municipality_id, year=year, defaults={"last": last}
                )
        stats.seconds = time.perf_counter() - start
        return stats

    # -- grants (the follow-up worklist) ------------------------------------------------------------

    def _letter(self, first: Ungranted) -> Letter:
        """The one letter every seeded decision points at (Decision.letter is required)."""
        if self.shared_letter is None:
            self.shared_letter = Letter.objects.create(
                id=self._uuid(),
                case_id=first.case_id,
                citizen_id=first.citizen_id,
                kind=LetterKind.GRANT,
                subject="Bevilling af aktivitets- og samværstilbud (benchmark)",
                recipient_name="Testperson",
                channel=LetterChannel.DIGITAL_POST,
                letter_date=self.today,
                receipt_on=self.today,
                standard_version=self.standard,
                sent_at=timezone.now(),
                sent_by=self.staff.caseworker,
                pdf=SHARED_LETTER_PDF,
                sha256="0" * 64,
                size=40_000,
                page_count=2,
            )
        return self.shared_letter

    def _grant(self, case: Ungranted, letter: Letter) -> tuple[Decision, Grant]:
        rng, today = self.rng, self.today
        decided_on = case.decided_on or min(today, case.received_on + dt.timedelta(days=rng.randint(5, 70)))
        decided_at = self._at(decided_on)
        outcome = rng.choices([Outcome.GRANTED, Outcome.PARTLY_GRANTED], [80, 20])[0]
        decision = Decision(
            id=self._uuid(),
            case_id=case.case_id,
            kind=Decision.Kind.APPLICATION,
            outcome=outcome,
            decided_on=decided_on,
            decided_at=decided_at,
            decided_by_id=case.caseworker_id,
            standard_version=self.standard,
            standard_hash=self.standard.content_hash,
            applied_for="aktivitets- og samværstilbud efter serviceloven § 104",
            legal_rules=["Serviceloven § 104"],
            findings=[],
            departures=[],
            alternatives=[],
            letter=letter,
        )
        status = rng.choices(GRANT_STATUSES, GRANT_STATUS_WEIGHTS)[0]
        start_date = decided_on + dt.timedelta(days=14)
        expected_start = stopped_on = None
        if status == Grant.Status.STOPPED:
            ran = max(0, (today - start_date).days)
            stopped_on = start_date + dt.timedelta(days=rng.randint(0, ran))
            # The follow-up date it had when it was stopped: in the past or the future.
            next_follow_up_on = stopped_on + dt.timedelta(days=rng.randint(1, 365))
        else:
            if status == Grant.Status.WAITING:
                expected_start = today + dt.timedelta(days=rng.randint(14, 180))
            if rng.random() < OVERDUE_SHARE:
                next_follow_up_on = today - dt.timedelta(days=1 + min(int(rng.expovariate(1 / 20)), 90))
            else:
                next_follow_up_on = today + dt.timedelta(days=rng.randint(0, FOLLOW_UP_SPREAD_DAYS))
        days_per_week = rng.randint(1, 5)
        grant = Grant(
            id=self._uuid(),
            case_id=case.case_id,
            unit_id=case.unit_id,
            decision_id=decision.id,
            offer=rng.choice(self.offers),
            status=status,
            start_date=start_date,
            expected_start=expected_start,
            days_per_week=days_per_week,
            day_part=rng.choices([DayPart.FULL, DayPart.HALF], [75, 25])[0],
            purpose=self.purpose,
            content=self.content,
            monthly_cost=Decimal(rng.randrange(4_000, 21_000, 100)),
            handleplan_offered_on=decided_on,
            handleplan_answer=rng.choices(list(Grant.HandleplanAnswer.values), [70, 20, 10])[0],
            next_follow_up_on=next_follow_up_on,
            stopped_on=stopped_on,
            created_at=decided_at,
            created_by_id=case.caseworker_id,
            updated_at=decided_at,
        )
        return decision, grant

    def grants_top_up(self, total: int, *, progress: bool = True) -> SeedStats:
        """Create grants (each with its decision) for seeded cases until there are `total`.

        One grant per case: `total` may not exceed the number of cases seeded.
        """
        if total > self.grant_count + len(self.ungranted):
            raise ValueError(f"{total:,} grants need {total:,} cases; {self.count:,} are seeded")
        if not self.offers:
            self.offers = [o for o in load_offers(self.municipality).values() if o.may_be_chosen]
        stats = SeedStats()
        start = time.perf_counter()
        while self.grant_count < total:
            size = min(BATCH_SIZE, total - self.grant_count)
            batch, self.ungranted = self.ungranted[:size], self.ungranted[size:]
            with transaction.atomic():
                letter = self._letter(batch[0])
                pairs = [self._grant(case, letter) for case in batch]
                insert(Decision, [d for d, _ in pairs])
                insert(Grant, [g for _, g in pairs])
            self.grant_count += size
            stats.created += size
            if progress and (self.grant_count % 25_000 == 0 or self.grant_count == total):
                print(f"    {self.grant_count:>7,} grants ({time.perf_counter() - start:.1f} s)", flush=True)
        stats.seconds = time.perf_counter() - start
        return stats


def analyze() -> float:
    """Refresh the planner statistics (PostgreSQL and SQLite both have ANALYZE). On PostgreSQL also
    VACUUM, as autovacuum would after a load: it sets the visibility map, without which no scan is
    index-only (the offers' occupancy counts are meant to be)."""
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return time.perf_counter() - start
