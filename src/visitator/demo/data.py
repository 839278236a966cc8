"""Fictitious demo data: test persons in every case state, spread over the last months.

Used by `visitator demo` and by the benchmarks (which ask for many more cases).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone

from visitator.cases import services as case_services
from visitator.cases.lifecycle import Outcome, Status
from visitator.cases.models import Case, Channel
from visitator.core import clock
from visitator.grants.models import Grant
from visitator.grants.terms import GoalTerms, GrantTerms
from visitator.letters.models import StaffContact, UnitContact
from visitator.offers.models import Offer, OptionalItem, Provider, RateTier
from visitator.organisation.models import Municipality, StaffMembership, Unit
from visitator.organisation.roles import (
    ADMINISTRATOR,
    ALL_ROLES,
    CASEWORKER,
    DATA_PROTECTION_OFFICER,
    PROVIDER,
    TEAM_LEADER,
    TRANSPORT_OFFICE,
)
from visitator.people.services import citizen_create
from visitator.standards.services import standards_load

DEMO_PASSWORD = "demo-visitator"  # noqa: S105 - fictitious demo logins, printed to the user
DEMO_LOGINS = [
    ("sagsbehandler", DEMO_PASSWORD, "sagsbehandler"),
    ("sagsbehandler2", DEMO_PASSWORD, "sagsbehandler"),
    ("teamleder", DEMO_PASSWORD, "teamleder"),
    ("administrator", DEMO_PASSWORD, "administrator"),
    ("leverandoer", DEMO_PASSWORD, "leverandør: Vesthimmerlands Kommune, Dag- og aktivitetstilbud"),
    ("koerselskontor", DEMO_PASSWORD, "kørselskontoret"),
    ("databeskyttelse", DEMO_PASSWORD, "databeskyttelsesrådgiver: adgangsloggen"),
]

FIRST_NAMES = [
    "Anna", "Bente", "Carl", "Dorte", "Erik", "Frida", "Gustav", "Hanne", "Ib", "Jonna",
    "Karl", "Lise", "Mads", "Nina", "Ole", "Pia", "Rasmus", "Sofie", "Torben", "Ulla",
]  # fmt: skip
LAST_NAMES = ["Andersen", "Bech", "Christensen", "Dahl", "Eriksen", "Frost", "Gram", "Holm", "Juhl", "Krogh"]
STREETS = ["Testvej", "Prøvegade", "Eksempelvej", "Demostræde", "Fiktivvej"]
TOWNS = [("9600", "Aars"), ("9640", "Farsø"), ("9670", "Løgstør"), ("9681", "Ranum")]


def fictitious_cpr(rng: random.Random) -> str:
    """A CPR number that cannot belong to a real person (born 1940-1999, serial fails modulus 11)."""
    from visitator.people.cpr import passes_modulus_11

    while True:
        born = dt.date(rng.randint(1940, 1999), 1, 1) + dt.timedelta(days=rng.randint(0, 364))
        # A 7th digit of 0-3 means born 1900-1999 (CPR office's century table).
        serial = f"{rng.randint(0, 3)}{rng.randint(0, 999):03d}"
        number = f"{born:%d%m%y}{serial}"
        if not passes_modulus_11(number):
            return number


def _group(name: str) -> Group:
    return Group.objects.get_or_create(name=name)[0]


def _user(username: str, first: str, last: str, role: str, unit: Unit, phone: str = "") -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "is_staff": role == ADMINISTRATOR},
    )
    if created:
        # The administrator is staff with the administrator role's permissions, not a superuser: the
        # demo shows what the role may do (organisation.signals), nothing more.
        user.set_password(DEMO_PASSWORD)
        user.save()
    user.groups.add(_group(role))
    StaffMembership.objects.get_or_create(user=user, defaults={"unit": unit})
    if phone:
        StaffContact.objects.get_or_create(user=user, defaults={"direct_phone": phone})
    return user


def demo_contact(unit: Unit) -> None:
    """The contact block on every letter: the unit's address, phone, e-mail and opening hours."""
    UnitContact.objects.get_or_create(
        unit=unit,
        defaults={
            "address_line": "Eksempelvej 10",
            "postcode": "9600",
            "city": "Aars",
            "phone": "99 99 10 00",
            "email": "bevilling@example.invalid",
            "opening_hours": "Mandag-onsdag 9-15, torsdag 9-17, fredag 9-12",
        },
    )


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def load_standards() -> None:
    paths = sorted(Path(settings.VISITATOR_STANDARDS_DIR).glob("*/*/*.yaml"))
    standards_load(paths=paths)


def demo_unit() -> Unit:
    municipality = Municipality.objects.get(slug="vesthimmerland")
    return Unit.objects.get(municipality=municipality, code="bevilling-psykiatri-handicap")


# The life of each demo case: (days ago received, the statuses it went through, outcome).
SCENARIOS: list[tuple[int, list[str], str]] = [
    (3, [], ""),
    (10, [Status.ASSESSMENT], ""),
    (20, [Status.ASSESSMENT], ""),
    (45, [Status.ASSESSMENT], ""),
    (48, [Status.ASSESSMENT, Status.HEARING], ""),
    (52, [Status.ASSESSMENT], ""),
    (60, [Status.ASSESSMENT, Status.HEARING], ""),
    (70, [Status.ASSESSMENT, Status.DECIDED], Outcome.GRANTED),
    (90, [Status.ASSESSMENT, Status.DECIDED, Status.ACTIVE], Outcome.GRANTED),
    (120, [Status.ASSESSMENT, Status.DECIDED, Status.ACTIVE], Outcome.PARTLY_GRANTED),
    (75, [Status.ASSESSMENT, Status.HEARING, Status.DECIDED], Outcome.REFUSED),
    (150, [Status.ASSESSMENT, Status.DECIDED, Status.CLOSED], Outcome.REFUSED),
    (200, [Status.ASSESSMENT, Status.DECIDED, Status.ACTIVE, Status.CLOSED], Outcome.GRANTED),
    (30, [Status.WITHDRAWN], ""),
    (1, [], ""),
]


def _demo_hearing(worker: User, case: Case) -> None:
    """A statement from a third party the citizen is heard on (FVL § 19)."""
    from visitator.decisions import services as decisions

    info = decisions.hearing_information_add(
        user=worker,
        case=case,
        source="Udtalelse fra netværkscaféen i Aars",
        summary="Borgeren kommer i caféen to formiddage om ugen og deltager i fællesspisning.",
        received_on=clock.today(),
    )
    decisions.hearing_send(
        user=worker,
        case=case,
        information=[info],
        planned_decision="Vi overvejer at give afslag, fordi behovet måske kan dækkes af caféen.",
        response_deadline=clock.today() + dt.timedelta(days=14),
    )


def load_offers(municipality: Municipality) -> dict[str, Offer]:
    """The municipality's own day offers, one external offer and one that may not be chosen."""
    own, _created = Provider.objects.get_or_create(
        municipality=municipality,
        name="Vesthimmerlands Kommune, Dag- og aktivitetstilbud",
        defaults={"kind": Provider.Kind.OWN, "email": "dagtilbud@example.invalid"},
    )
    external, _created = Provider.objects.get_or_create(
        municipality=municipality, name="Fonden Havbrisen (fiktiv)", defaults={"kind": Provider.Kind.EXTERNAL}
    )
    specs = [
        (
            "Aktivitetscentret Aars",
            own,
            12,
            1001,
            Offer.Approval.NOT_UNDER_SUPERVISION,
            Offer.Registration.REGISTERED,
        ),
        (
            "Værkstedet Farsø",
            own,
            2,
            1002,
            Offer.Approval.NOT_UNDER_SUPERVISION,
            Offer.Registration.REGISTERED,
        ),
        (
            "Havbrisen – sanse- og samværstilbud",
            external,
            6,
            2001,
            Offer.Approval.APPROVED,
            Offer.Registration.REGISTERED,
        ),
        (
            "Caféen i Ranum (ikke registreret)",
            external,
            20,
            None,
            Offer.Approval.PENDING,
            Offer.Registration.NOT_REGISTERED,
        ),
    ]
    offers: dict[str, Offer] = {}
    for name, provider, places, tilbudsid, approval, registration in specs:
        offer, created = Offer.objects.get_or_create(
            provider=provider,
            name=name,
            defaults={
                "tilbudsid": tilbudsid,
                "paragraphs": ["SEL § 104"],
                "address_line": "Testvej 100",
                "postcode": "9600",
                "city": "Aars",
                "places": places,
                "registration": registration,
                "approval": approval,
                "verified_on": dt.date(2026, 10, 1),
                "rate_unit": Offer.RateUnit.CALENDAR_DAY,
                "opens_at": dt.time(9, 0),
                "closes_at": dt.time(15, 0),
            },
        )
        if created:
            RateTier.objects.create(
                offer=offer,
                name="Niveau 2: normering 1:3",
                amount=Decimal("685.00"),
                valid_from=dt.date(2024, 1, 1),
                part_time_percent={"1": 60, "2": 60, "3": 85},
            )
            OptionalItem.objects.create(offer=offer, name="Frokost", price=Decimal("35.00"), unit="dag")
        offers[name] = offer
    return offers


def _demo_grant_terms(case: Case, offer: Offer, n: int) -> GrantTerms:
    from visitator.ffb import selectors as ffb

    develop = next(t for t in ffb.goal_types() if t.display.startswith("Udvikle"))
    keep = next(t for t in ffb.goal_types() if t.display.startswith("Fastholde"))
    start = clock.today() + dt.timedelta(days=14)
    full = offer.places <= offer.grants.filter(status__in=["ordered", "active"]).count()
    return GrantTerms(
        offer=offer,
        start_date=start,
        expected_start=start + dt.timedelta(days=90) if full else None,
        days_per_week=3 if n % 2 else 2,
        day_part="full",
        scope_reason="Moderat nedsat funktionsevne i Relationer og Samfundsliv; omfanget modsvarer behovet.",
        goals=(
            GoalTerms(
                develop.code,
                "Deltager i fællesspisning og taler med mindst én anden",
                start + dt.timedelta(days=180),
            ),
            GoalTerms(keep.code, "Kommer fast i tilbuddet de bevilgede dage", start + dt.timedelta(days=365)),
        ),
        transport_mode="municipal",
        handleplan_answer="accepted" if n % 3 else "declined",
    )


def _demo_judge(worker: User, case: Case, *, refused: bool) -> None:
    """The caseworker's judgement of each criterion of the standard."""
    from visitator.assessment import services as assessment

    assessment.criterion_judge(
        user=worker,
        case=case,
        rule_id="reduced_function",
        judgement="met",
        reason="Udviklingshæmning og angst, jf. udredningen (moderat nedsat funktionsevne i Relationer).",
    )
    assessment.criterion_judge(
        user=worker,
        case=case,
        rule_id="social_problems",
        judgement="not_met",
        reason="Ingen særlige sociale problemer.",
    )
    assessment.criterion_judge(
        user=worker,
        case=case,
        rule_id="other_activities_cover_need",
        judgement="applies" if refused else "does_not_apply",
        reason="Borgeren deltager selv i netværkscaféen, som dækker behovet for samvær."
        if refused
        else "Borgeren kan ikke deltage i uvisiterede tilbud uden støtte.",
    )


def _demo_draft(worker: User, case: Case) -> None:
    """A grant decided as a draft and not yet sent: the case shows "Udkast venter"."""
    from visitator.decisions import services as decisions

    _demo_judge(worker, case, refused=False)
    decisions.decision_draft_save(
        user=worker,
        case=case,
        outcome=Outcome.GRANTED,
        applied_for="aktivitets- og samværstilbud efter serviceloven § 104",
        legal_rules=["Serviceloven § 104", "Serviceloven § 1, stk. 3"],
        grant_terms=_demo_grant_terms(
            case,
            Offer.objects.get(provider__municipality=case.municipality, name="Aktivitetscentret Aars"),
            3,
        ),
    )


def _demo_decide(worker: User, case: Case, outcome: str) -> None:
    """Assess against the standard and decide: a draft, sent at once, as a caseworker would."""
    from visitator.assessment import services as assessment
    from visitator.decisions import services as decisions

    refused = outcome == Outcome.REFUSED
    _demo_judge(worker, case, refused=refused)
    for hearing in case.hearings.all():
        decisions.hearing_response_record(
            user=worker,
            hearing=hearing,
            received_on=clock.today(),
            summary="Borgeren har ingen bemærkninger.",
        )
    applied_for = "aktivitets- og samværstilbud efter serviceloven § 104"
    rules = ["Serviceloven § 104", "Serviceloven § 1, stk. 3"]
    if outcome in (Outcome.REFUSED, Outcome.PARTLY_GRANTED):
        assessment.alternative_record(
            user=worker,
            case=case,
            alternative="non_visitated",
            consideration=(
                "Netværkscaféen i Aars er åben fire dage om ugen og dækker behovet for socialt samvær."
            ),
        )
    if refused:
        decisions.decision_make(
            user=worker,
            case=case,
            outcome=outcome,
            applied_for=applied_for,
            legal_rules=rules,
            main_considerations=(
                "Dit behov for socialt samvær kan dækkes af netværkscaféen, som du allerede bruger."
            ),
            facts="Du kommer i caféen to formiddage om ugen og deltager i fællesspisning.",
        )
    elif outcome == Outcome.PARTLY_GRANTED:
        decisions.decision_make(
            user=worker,
            case=case,
            outcome=outcome,
            applied_for="aktivitets- og samværstilbud 4 dage om ugen efter serviceloven § 104",
            legal_rules=rules,
            main_considerations="To dage om ugen modsvarer dit funktionsniveau og behov.",
            facts="Udredningen viser moderat nedsat funktionsevne i Relationer og let i Samfundsliv.",
            grant_terms=_demo_grant_terms(case, _offer_for(case), 2),
        )
    else:
        decisions.decision_make(
            user=worker,
            case=case,
            outcome=outcome,
            applied_for=applied_for,
            legal_rules=rules,
            grant_terms=_demo_grant_terms(case, _offer_for(case), int(case.number[-1])),
        )


def _demo_stop(worker: User, case: Case) -> None:
    """A follow-up found the purpose no longer met; the grant is stopped by a new decision."""
    from visitator.decisions import services as decisions
    from visitator.grants import services as grants

    grant = Grant.objects.get(case=case)
    grants.follow_up_record(
        user=worker,
        grant=grant,
        done_on=clock.today(),
        purpose_met=False,
        outcome="stop",
        notes="Borgeren er startet i fleksjob og har ikke længere behov for tilbuddet.",
        progress={goal.pk: "Målet er nået." for goal in grant.goals.all()},
    )
    decisions.grant_change_decide(
        user=worker,
        grant=grant,
        stop=True,
        effective_from=clock.today() + dt.timedelta(weeks=4),
        legal_rules=["Serviceloven § 104", "Serviceloven § 148, stk. 2"],
        main_considerations="Formålet med tilbuddet er opfyldt, og du har ikke længere behov for det.",
        facts="Du er startet i fleksjob 25 timer om ugen.",
    )


def _offer_for(case: Case) -> Offer:
    """Alternate between the two own offers; the small one fills up, so the demo has a waiting list."""
    name = "Værkstedet Farsø" if int(case.number[-1]) % 2 else "Aktivitetscentret Aars"
    return Offer.objects.get(provider__municipality=case.municipality, name=name)


def _demo_outside_users(unit: Unit, provider: Provider) -> None:
    """A provider's staff member and the transport office: they see only their own lists."""
    from visitator.grants.models import ProviderMembership

    staff, created = User.objects.get_or_create(
        username="leverandoer", defaults={"first_name": "Lene", "last_name": "Leverandør"}
    )
    if created:
        staff.set_password(DEMO_PASSWORD)
        staff.save()
    staff.groups.add(_group(PROVIDER))
    ProviderMembership.objects.get_or_create(user=staff, defaults={"provider": provider})
    office_unit, _created = Unit.objects.get_or_create(
        municipality=unit.municipality, code="koerselskontor", defaults={"name": "Kørselskontoret"}
    )
    _user("koerselskontor", "Kaj", "Kørselskontor", TRANSPORT_OFFICE, office_unit)


def _demo_provider_days(worker: User, provider: Provider) -> None:
    """The provider has accepted the orders whose start has passed and recorded the last four weeks
    of attendance; a few citizens use mobility aids; the transport office has acknowledged all but
    the latest order, and one order was changed after the office acknowledged it."""
    from visitator.grants import services as grants
    from visitator.grants.attendance import day_open, week_start_of
    from visitator.grants.models import ProviderMembership, Transport

    staff = ProviderMembership.objects.get(provider=provider).user
    office = User.objects.get(username="koerselskontor")
    today = clock.today()
    started = list(
        Grant.objects.filter(
            offer__provider=provider,
            status=Grant.Status.ORDERED,
            start_date__lte=today - dt.timedelta(days=7),
        ).order_by("start_date", "id")
    )
    aids = [["wheelchair"], [], ["rollator"], [], ["walking_aid", "help_in_out"]]
    for n, grant in enumerate(started):
        with clock.frozen(_at(grant.start_date, 8)):
            grants.order_accept(user=staff, order=grant.orders.get(), start_date=grant.start_date)
            grant.refresh_from_db()
            transport = Transport.objects.get(grant=grant)
            details = grants.TransportDetails(
                from_address=transport.from_address,
                weekdays=tuple(transport.weekdays),
                arrive_by=transport.arrive_by,
                home_at=transport.home_at,
                mobility_aids=tuple(aids[n % len(aids)]),
                mobility_other="",
                contact_phone=f"9999 {n:04d}",  # fictitious
            )
            grants.transport_update(user=worker, grant=grant, version=transport.version, details=details)
            order = grants.current_transport_order(grant)
            if order is not None and n < len(started) - 1:  # the latest is still new to the office
                grants.transport_order_acknowledge(user=office, order=order)
    # The office has long since acknowledged the cancellations of the stopped grants.
    for grant in Grant.objects.filter(offer__provider__municipality=provider.municipality, status="stopped"):
        order = grants.current_transport_order(grant)
        if order is not None and order.cancelled:
            with clock.frozen(min(order.ordered_at + dt.timedelta(days=1), clock.now())):
                grants.transport_order_acknowledge(user=office, order=order)
    statuses = [("present", "")] * 7 + [("cancelled", "sick"), ("present", ""), ("no_show", "unknown")]
    for weeks_ago in range(4, -1, -1):
        monday = week_start_of(today) - dt.timedelta(weeks=weeks_ago)
        cells = {}
        for i, grant in enumerate(started):
            grant.refresh_from_db()
            for day in [monday + dt.timedelta(days=d) for d in range(5)]:
                if day_open(grant, day, today):
                    status, reason = statuses[(i + day.toordinal()) % len(statuses)]
                    cells[(grant.id, day)] = (status, reason)
        if cells:
            with clock.frozen(_at(min(monday + dt.timedelta(days=4), today), 16)):
                grants.attendance_week_save(user=staff, week_start=monday, version=0, cells=cells)
    if len(started) > 1:  # the caseworker changes a time after the office acknowledged: "Ændret"
        grant = started[-2]
        transport = Transport.objects.get(grant=grant)
        grants.transport_update(
            user=worker,
            grant=grant,
            version=transport.version,
            details=grants.TransportDetails(
                from_address=transport.from_address,
                weekdays=tuple(transport.weekdays),
                arrive_by=dt.time(9, 30),
                home_at=transport.home_at,
                mobility_aids=tuple(transport.mobility_aids),
                mobility_other="",
                contact_phone=transport.contact_phone,
            ),
        )


def load_demo(*, citizens: int = 30, seed: int = 104) -> int:
    """Create demo users, test persons and cases. Returns the number of cases created (0 if present)."""
    load_standards()
    unit = demo_unit()
    users = {
        "sagsbehandler": _user("sagsbehandler", "Sara", "Sagsbehandler", CASEWORKER, unit, "99 99 10 21"),
        "sagsbehandler2": _user("sagsbehandler2", "Søren", "Sagsbehandler", CASEWORKER, unit, "99 99 10 22"),
        "teamleder": _user("teamleder", "Tina", "Teamleder", TEAM_LEADER, unit, "99 99 10 20"),
        "administrator": _user("administrator", "Adam", "Administrator", ADMINISTRATOR, unit),
        "databeskyttelse": _user(
            "databeskyttelse", "Dorte", "Databeskyttelsesrådgiver", DATA_PROTECTION_OFFICER, unit
        ),
    }
    for role in ALL_ROLES:
        _group(role)
    demo_contact(unit)
    offers = load_offers(unit.municipality)
    _demo_outside_users(unit, offers["Aktivitetscentret Aars"].provider)
    if Case.objects.filter(municipality=unit.municipality, citizen__is_test_person=True).exists():
        return 0
    rng = random.Random(seed)
    today = clock.today()
    created = 0
    with transaction.atomic():
        for i in range(citizens):
            worker = users["sagsbehandler"] if i % 3 else users["sagsbehandler2"]
            days_ago, path, outcome = SCENARIOS[i % len(SCENARIOS)]
            days_ago += i // len(SCENARIOS)
            received = today - dt.timedelta(days=days_ago)
            postcode, town = TOWNS[i % len(TOWNS)]
            with clock.frozen(_at(received, 9)):
                citizen = citizen_create(
                    user=worker,
                    cpr=fictitious_cpr(rng),
                    first_name=FIRST_NAMES[i % len(FIRST_NAMES)],
                    last_name=f"{LAST_NAMES[i % len(LAST_NAMES)]} (testperson)",
                    address_line=f"{STREETS[i % len(STREETS)]} {i + 1}",
                    postcode=postcode,
                    city=town,
                    digital_post_exempt=i % 7 == 0,
                    digital_post_exemption_reason="Kognitiv funktionsnedsættelse" if i % 7 == 0 else "",
                    # Some citizens need an interpreter (the case and hearing pages say so).
                    preferred_language="ar" if i % 10 == 4 else "da",
                    interpreter_needed=i % 10 == 4,
                    is_test_person=True,
                )
                case = case_services.case_receive(
                    user=worker,
                    citizen=citizen,
                    received_at=_at(received, 9),
                    channel=[Channel.DIGITAL, Channel.LETTER, Channel.PHONE, Channel.RELATIVE][i % 4],
                    target_group_reduced_function=i % 3 != 1,
                    target_group_social_problems=i % 3 != 0,
                    note="Ansøgning modtaget. Borgeren ønsker dagtilbud med kreative aktiviteter.",
                )
            for n, status in enumerate(path):
                step_day = min(today, received + dt.timedelta(days=7 * (n + 1)))
                with clock.frozen(_at(step_day, 11)):
                    if status == Status.HEARING:
                        _demo_hearing(worker, case)
                    elif status == Status.DECIDED:
                        _demo_decide(worker, case, outcome)
                    elif status in (case.status, Status.ACTIVE):
                        pass  # a case becomes active when its grant is ordered (a place is free)
                    elif (
                        status == Status.CLOSED
                        and Grant.objects.filter(case=case).exclude(status="stopped").exists()
                    ):
                        _demo_stop(worker, case)
                    else:
                        withdrawn = status == Status.WITHDRAWN
                        case_services.case_transition(
                            user=worker,
                            case=case,
                            to_status=status,
                            reason="Ansøgningen er trukket tilbage af borgeren." if withdrawn else "",
                        )
                    case.refresh_from_db()
            if path == [Status.ASSESSMENT] and days_ago >= 45:
                with clock.frozen(clock.now()):
                    case_services.deadline_notice_send(
                        user=worker,
                        case=case,
                        expected_decision_on=case.decision_deadline + dt.timedelta(days=21),
                        reason="Vi venter på en udtalelse fra borgerens egen læge.",
                    )
            created += 1
        _demo_provider_days(users["sagsbehandler"], offers["Aktivitetscentret Aars"].provider)
        # The most recent case in assessment has its decision drafted, waiting to be sent.
        waiting = (
            Case.objects.filter(
                municipality=unit.municipality, status=Status.ASSESSMENT, citizen__is_test_person=True
            )
            .order_by("-received_on", "-number")
            .first()
        )
        if waiting is not None and waiting.caseworker is not None:
            _demo_draft(waiting.caseworker, waiting)
    _demo_complaints(today)
    _demo_access_request(today)
    return created


def _demo_complaints(today: dt.date) -> None:
    """Complaints through the real services: on the most recent refusal a late complaint, treated
    anyway and under genvurdering; on the oldest refusal a complaint upheld and forwarded to
    Ankestyrelsen (package and letter)."""
    from visitator.complaints import services as complaints

    refusals = list(
        Case.objects.filter(citizen__is_test_person=True, outcome=Outcome.REFUSED)
        .select_related("caseworker")
        .order_by("-received_on", "id")
    )
    if len(refusals) < 2:
        return
    recent, oldest = refusals[0], refusals[-1]
    for case in (recent, oldest):
        decision = case.decisions.select_related("letter").latest("decided_at")
        worker = case.caseworker or decision.decided_by
        if case == recent:
            received = max(decision.letter.letter_date, today - dt.timedelta(days=10))
            with clock.frozen(_at(received, 10)):
                complaint = complaints.complaint_register(
                    user=worker,
                    case=case,
                    decision=decision,
                    received_on=received,
                    channel="email",
                    text="Jeg er uenig i afslaget. Netværkscaféen er ikke et tilbud, jeg kan bruge alene.",
                )
                if complaint.late:
                    complaints.complaint_lateness_decide(
                        user=worker,
                        complaint=complaint,
                        choice="treat",
                        reason="Borgeren var indlagt i hele klageperioden (udskrivningsbrev på sagen).",
                    )
            continue
        received = min(today, decision.letter.letter_date + dt.timedelta(days=20))
        with clock.frozen(_at(received, 10)):
            complaint = complaints.complaint_register(
                user=worker,
                case=case,
                decision=decision,
                received_on=received,
                channel="oral",
                text="Borgeren er uenig i afslaget og ønsker et dagtilbud med kreative aktiviteter.",
                oral_note="Borgeren ringede og klagede over afslaget. Klagen er læst op for borgeren.",
            )
        with clock.frozen(_at(min(today, received + dt.timedelta(days=6)), 10)):
            complaints.complaint_reconsider(
                user=worker,
                complaint=complaint,
                outcome="upheld",
                reasons="Dit behov for samvær dækkes af netværkscaféen, som du bruger to gange om ugen.",
            )
        with clock.frozen(_at(min(today, received + dt.timedelta(days=8)), 11)):
            complaints.complaint_forward(user=worker, complaint=complaint)


def _demo_access_request(today: dt.date) -> None:
    """One open request for access to the file (forvaltningsloven § 9), received in writing three days ago
    on the oldest case still under assessment; the notice day is computed by the real service."""
    from visitator.fileaccess import services as fileaccess

    case = (
        Case.objects.filter(citizen__is_test_person=True, status=Status.ASSESSMENT)
        .select_related("caseworker")
        .order_by("received_on", "id")
        .first()
    )
    if case is None or case.caseworker is None:
        return
    received = max(case.received_on, today - dt.timedelta(days=3))
    with clock.frozen(_at(received, 10)):
        fileaccess.access_request_register(
            user=case.caseworker,
            case=case,
            received_on=received,
            channel="written",
            requester="citizen",
            scope="whole",
        )
