"""Seeding many cases fast: bulk_create in batches, no service functions.

The services (case_receive, case_transition) write status history, events and access-log rows one
case at a time; at 100,000 cases that would take far longer than the measurement. The benchmark
needs the rows the worklist reads (cases and their citizens), shaped like a real municipality's:

- one test-person citizen per case (fictitious CPR numbers, unique per municipality);
- received dates over about three years; about 17 % of cases awaiting a decision (received,
  assessment, hearing), most of them recent, some overdue; the rest decided, active, closed or
  withdrawn;
- decision deadline = received + 56 days, warning 14 days before; the standard version and hash
  of the loaded standard;
- one eighth of the cases assigned to the benchmarked caseworker, the rest to seven colleagues.

`Case.save()` sets `awaiting_decision` from the status; bulk_create does not call save(), so the
seeder sets it itself.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import uuid
from dataclasses import dataclass, field

from django.contrib.auth.models import Group, User
from django.db import connection, transaction
from django.utils import timezone

from visitator.cases.lifecycle import AWAITING_DECISION, Outcome, Status
from visitator.cases.models import Case, CaseNumberSeries, Channel
from visitator.core import clock
from visitator.demo.data import (
    FIRST_NAMES,
    LAST_NAMES,
    STREETS,
    TOWNS,
    demo_unit,
    fictitious_cpr,
    load_standards,
)
from visitator.organisation.models import StaffMembership, Unit
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


@dataclass
class Seeder:
    staff: Staff
    seed: int = 104
    today: dt.date = field(default_factory=clock.today)
    rng: random.Random = field(init=False)
    used_cpr: set[str] = field(default_factory=set)
    numbers: dict[int, int] = field(default_factory=dict)
    count: int = 0

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

    # -- one case ------------------------------------------------------------------------------------

    def _uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def _cpr(self) -> str:
        while True:
            cpr = fictitious_cpr(self.rng)
            if cpr not in self.used_cpr:
                self.used_cpr.add(cpr)
                return cpr

    def _number(self, received_on: dt.date) -> str:
        last = self.numbers.get(received_on.year, 0) + 1
        self.numbers[received_on.year] = last
        return f"{received_on.year}-{last:05d}"

    def _at(self, day: dt.date) -> dt.datetime:
        moment = dt.datetime.combine(day, dt.time(self.rng.randint(8, 15), self.rng.randint(0, 59)))
        return timezone.make_aware(moment)

    def _citizen(self) -> Citizen:
        rng = self.rng
        postcode, city = rng.choice(TOWNS)
        exempt = rng.random() < 0.08
        return Citizen(
            id=self._uuid(),
            municipality=self.municipality,
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

    def _case(self, citizen: Citizen) -> Case:
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
        caseworker = (
            self.staff.caseworker if rng.randrange(COLLEAGUES + 1) == 0 else rng.choice(self.staff.colleagues)
        )
        decided = decided_on is not None
        return Case(
            id=self._uuid(),
            number=self._number(received_on),
            municipality=self.municipality,
            unit=self.staff.unit,
            caseworker=caseworker,
            citizen=citizen,
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
            citizens = [self._citizen() for _ in range(size)]
            cases = [self._case(citizen) for citizen in citizens]
            with transaction.atomic():
                Citizen.objects.bulk_create(citizens, batch_size=BATCH_SIZE)
                Case.objects.bulk_create(cases, batch_size=BATCH_SIZE)
            self.count += size
            stats.created += size
            stats.awaiting += sum(1 for case in cases if case.awaiting_decision)
            if progress and (self.count % 25_000 == 0 or self.count == total):
                print(f"    {self.count:>7,} cases ({time.perf_counter() - start:.1f} s)", flush=True)
        with transaction.atomic():
            for year, last in self.numbers.items():
                CaseNumberSeries.objects.update_or_create(
                    municipality=self.municipality, year=year, defaults={"last": last}
                )
        stats.seconds = time.perf_counter() - start
        return stats


def analyze() -> float:
    """Refresh the planner statistics (PostgreSQL and SQLite both have ANALYZE)."""
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - start
