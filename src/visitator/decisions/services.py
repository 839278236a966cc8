"""Partshøring and decisions. Deciding makes a draft; sending it makes the decision and tells the
citizen in one transaction: if the letter fails its legal check, nothing is decided."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from visitator.assessment.findings import NEEDS_ASSESSMENT, findings_for, standard_for_decision
from visitator.audit.models import AccessAction
from visitator.audit.services import access_log, event_record
from visitator.cases import services as case_services
from visitator.cases.lifecycle import AWAITING_DECISION, Outcome, Status
from visitator.cases.models import Case, Document
from visitator.core import clock, law
from visitator.grants import services as grant_services
from visitator.grants.terms import GrantTerms, terms_problems
from visitator.letters.checks import letter_check
from visitator.letters.compose import HearingFacts, LetterDraft, LetterKind, letter_compose
from visitator.letters.services import letter_send
from visitator.offers.policy import free_places
from visitator.organisation.roles import APPROVE_DECISIONS, WRITE_CASES, membership_of, require_role_in

from .drafts import (
    GRANTING,
    LETTER_KIND_BY_OUTCOME,
    REASONED,
    approval_required,
    change_terms,
    finding_data,
    prepare_application,
    prepare_change,
    terms_from_data,
    terms_to_data,
)
from .hearing import hearing_state
from .models import (
    Decision,
    DecisionDraft,
    DecisionDraftReview,
    Hearing,
    HearingException,
    HearingInformation,
    HearingResponse,
)

AGAINST_CITIZEN = frozenset({Outcome.PARTLY_GRANTED, Outcome.REFUSED})


def _require_awaiting(case: Case) -> None:
    if case.status not in AWAITING_DECISION:
        raise ValidationError(_("Sagen venter ikke på en afgørelse."))


def _has_running_grant(case: Case) -> bool:
    from visitator.grants.models import Grant

    return Grant.objects.filter(case=case).exclude(status=Grant.Status.STOPPED).exists()


def hearing_possible(case: Case) -> bool:
    """A hearing precedes a decision on an application, or a change or stop of a running grant."""
    return case.status in AWAITING_DECISION or _has_running_grant(case)


def _require_hearing_possible(case: Case) -> None:
    """A hearing precedes a decision on an application, or a change or stop of a running grant."""
    if not hearing_possible(case):
        raise ValidationError(_("Sagen venter ikke på en afgørelse, og der er ingen løbende bevilling."))


@transaction.atomic
def hearing_information_add(
    *,
    user: User,
    case: Case,
    source: str,
    summary: str,
    received_on: dt.date,
    citizen_knows: bool = False,
    document: Document | None = None,
) -> HearingInformation:
    require_role_in(user, case.municipality_id, *WRITE_CASES)
    _require_hearing_possible(case)
    errors = {}
    if not source.strip():
        errors["source"] = _("Skriv hvor oplysningen kommer fra.")
    if not summary.strip():
        errors["summary"] = _("Skriv hvad oplysningen går ud på.")
    if received_on > clock.today():
        errors["received_on"] = _("Datoen kan ikke ligge i fremtiden.")
    if document is not None and document.case_id != case.id:
        errors["document"] = _("Dokumentet hører ikke til sagen.")
    if errors:
        raise ValidationError(errors)
    info = HearingInformation.objects.create(
        case=case,
        source=source.strip(),
        summary=summary.strip(),
        received_on=received_on,
        citizen_knows=citizen_knows,
        document=document,
        added_at=clock.now(),
        added_by=user,
    )
    access_log(user=user, action=AccessAction.CREATE, what="sag: oplysning", case=case)
    event_record(
        user=user,
        kind="hearing.information_added",
        case=case,
        after={"information": info.pk, "citizen_knows": citizen_knows},
    )
    return info


@transaction.atomic
def hearing_send(
    *,
    user: User,
    case: Case,
    information: list[HearingInformation],
    planned_decision: str,
    response_deadline: dt.date,
) -> Hearing:
    """Send a hearing letter (FVL § 19) listing the information and the response deadline."""
    require_role_in(user, case.municipality_id, *WRITE_CASES)
    case = Case.objects.select_for_update().get(pk=case.pk)
    _require_hearing_possible(case)
    errors: dict[str, str] = {}
    if not information or any(i.case_id != case.id for i in information):
        errors["information"] = _("Vælg de oplysninger, borgeren skal høres over.")
    if not planned_decision.strip():
        errors["planned_decision"] = _("Skriv hvilken afgørelse kommunen forventer at træffe.")
    earliest = clock.today() + dt.timedelta(days=law.HEARING_MIN_RESPONSE_DAYS.value)
    if response_deadline < earliest:
        errors["response_deadline"] = _(
            "Giv borgeren en rimelig frist: mindst %(days)d dage (svarfrist tidligst %(date)s)."
        ) % {"days": law.HEARING_MIN_RESPONSE_DAYS.value, "date": earliest.strftime("%d.%m.%Y")}
    if errors:
        raise ValidationError(errors)
    facts = HearingFacts(
        information=tuple(
            f"{i.source} (modtaget {i.received_on:%d.%m.%Y}): {i.summary}" for i in information
        ),
        planned_decision=planned_decision.strip(),
        response_deadline=response_deadline,
    )
    letter = letter_send(user=user, draft=letter_compose(kind=LetterKind.HEARING, case=case, hearing=facts))
    hearing = Hearing.objects.create(
        case=case,
        letter=letter,
        planned_decision=planned_decision.strip(),
        response_deadline=response_deadline,
        sent_at=clock.now(),
        sent_by=user,
    )
    hearing.information.set(information)
    event_record(
        user=user,
        kind="hearing.sent",
        case=case,
        after={
            "hearing": hearing.pk,
            "information": [i.pk for i in information],
            "deadline": str(response_deadline),
        },
    )
    if case.status == Status.RECEIVED:
        case = case_services.case_transition(user=user, case=case, to_status=Status.ASSESSMENT)
    if case.status == Status.ASSESSMENT:
        case_services.case_transition(user=user, case=case, to_status=Status.HEARING)
    return hearing


@transaction.atomic
def hearing_response_record(
    *, user: User, hearing: Hearing, received_on: dt.date, summary: str
) -> HearingResponse:
    require_role_in(user, hearing.case.municipality_id, *WRITE_CASES)
    errors = {}
    if not summary.strip():
        errors["summary"] = _("Skriv det væsentlige i borgerens svar (notatpligt).")
    if received_on > clock.today():
        errors["received_on"] = _("Datoen kan ikke ligge i fremtiden.")
    if errors:
        raise ValidationError(errors)
    return _hearing_response_create(user=user, hearing=hearing, received_on=received_on, summary=summary)


@transaction.atomic
def hearing_response_self_service(*, user: User, hearing: Hearing, text: str) -> HearingResponse:
    """The citizen's (or representative's) answer to a partshøring, written in the citizen portal before
    the deadline (FVL § 19): recorded as the hearing response, received today, in the citizen's own
    words. The portal has checked that `user` acts for the case's citizen (portal.selectors)."""
    errors = {}
    if not text.strip():
        errors["text"] = _("Skriv dine bemærkninger.")
    elif len(text) > 10000:
        errors["text"] = _("Skriv højst 10.000 tegn.")
    if hearing.response_deadline < clock.today():
        errors["text"] = _("Fristen for at svare er udløbet. Kontakt kommunen, hvis du vil svare alligevel.")
    if errors:
        raise ValidationError(errors)
    return _hearing_response_create(user=user, hearing=hearing, received_on=clock.today(), summary=text)


def _hearing_response_create(
    *, user: User, hearing: Hearing, received_on: dt.date, summary: str
) -> HearingResponse:
    response = HearingResponse.objects.create(
        hearing=hearing,
        received_on=received_on,
        summary=summary.strip(),
        recorded_at=clock.now(),
        recorded_by=user,
    )
    access_log(user=user, action=AccessAction.CREATE, what="sag: høringssvar", case=hearing.case)
    event_record(
        user=user, kind="hearing.response_recorded", case=hearing.case, after={"hearing": hearing.pk}
    )
    return response


@transaction.atomic
def hearing_exception_record(
    *, user: User, case: Case, information: HearingInformation, ground: str, reason: str
) -> HearingException:
    """Decide without prior hearing on one piece of information, on a ground in FVL § 19, stk. 2."""
    require_role_in(user, case.municipality_id, *WRITE_CASES)
    errors = {}
    if information.case_id != case.id:
        errors["information"] = _("Oplysningen hører ikke til sagen.")
    if ground not in law.HEARING_EXCEPTION_GROUNDS:
        errors["ground"] = _("Vælg en undtagelsesgrund i forvaltningsloven § 19, stk. 2.")
    if not reason.strip():
        errors["reason"] = _("Skriv hvorfor undtagelsen gælder i denne sag.")
    if errors:
        raise ValidationError(errors)
    row = HearingException.objects.create(
        case=case, information=information, ground=ground, reason=reason.strip(), at=clock.now(), by=user
    )
    access_log(user=user, action=AccessAction.CHANGE, what="sag: partshøring undtaget", case=case)
    event_record(
        user=user,
        kind="hearing.exception_recorded",
        case=case,
        after={"information": information.pk, "ground": ground},
    )
    return row


def _deciding_unit_blockers(spec: Any, user: User) -> list[str]:
    """The standard names the unit that decides (visitations- og bevillingskompetence)."""
    membership = getattr(user, "membership", None)
    if membership is not None and membership.unit.code == spec.deciding_unit.code:
        return []
    return [
        _(
            "Kun medarbejdere i %(unit)s kan træffe afgørelse "
            "(kvalitetsstandarden: visitations- og bevillingskompetence)."
        )
        % {"unit": spec.deciding_unit.name}
    ]


def decision_blockers(case: Case, *, outcome: str, user: User, today: dt.date) -> list[str]:
    """Everything that stops this decision now, in Danish. An empty list means it may be made."""
    blockers: list[str] = []
    if case.status not in AWAITING_DECISION:
        blockers.append(_("Sagen venter ikke på en afgørelse."))
        return blockers
    spec = standard_for_decision(case, today).spec
    blockers.extend(_deciding_unit_blockers(spec, user))
    missing = [f for f in findings_for(case, today=today) if f.status == NEEDS_ASSESSMENT and f.assessable]
    if missing:
        blockers.append(
            _("Vurder først: %(rules)s (konkret og individuel vurdering, serviceloven § 1, stk. 3).")
            % {"rules": "; ".join(f"»{f.text}«" for f in missing)}
        )
    if outcome in AGAINST_CITIZEN and not case.alternatives.exists():
        blockers.append(
            _(
                "Før et afslag eller en delvis bevilling skal du registrere, hvilken anden hjælp der er "
                "overvejet (retssikkerhedsloven § 5)."
            )
        )
    if outcome in AGAINST_CITIZEN:
        blockers.extend(hearing_state(case, today=today).messages())
    if outcome == Outcome.REFUSED and _has_running_grant(case):
        blockers.append(
            _(
                "Borgeren har en løbende bevilling. Den kan kun ophøre ved en afgørelse om ophør med "
                "varsel (siden Bevilling og opfølgning), ikke ved et afslag."
            )
        )
    return blockers


# -- decisions: a draft first, then "Send" ---------------------------------------------------------
#
# Deciding makes a DecisionDraft: the decision's inputs and the caseworker's texts, shown as the letter
# the citizen will get. Nothing reaches the citizen, the provider or the transport office until
# `decision_draft_send`, which checks the blockers again and makes the Decision, the letter, the grant
# and the orders in one transaction. `decision_make` and `grant_change_decide` do both at once.


class DraftAlreadySent(ValidationError):
    """The draft was sent before (a double click, a second tab): nothing is sent again."""


def _add(errors: dict[str, list[str]], name: str, message: str) -> None:
    errors.setdefault(name, []).append(str(message))


def _stale(draft: DecisionDraft) -> ValidationError:
    who = draft.updated_by.get_full_name() or draft.updated_by.get_username()
    return ValidationError(
        _(
            "Udkastet er ændret af %(name)s kl. %(time)s, siden du åbnede det. Din tekst er ikke gemt, men "
            "står stadig i felterne. Læs det gemte udkast, og gem igen, hvis din tekst skal erstatte det."
        )
        % {"name": who, "time": formats.time_format(timezone.localtime(draft.updated_at), "H.i")}
    )


def _lock_draft(draft: DecisionDraft, *, version: int | None) -> DecisionDraft:
    """The draft, locked for the rest of the transaction; refused when closed or changed meanwhile."""
    locked = (
        DecisionDraft.objects.select_for_update(of=("self",))
        .select_related("case", "case__municipality", "case__citizen", "case__unit", "updated_by", "decision")
        .get(pk=draft.pk)
    )
    if locked.status == DecisionDraft.Status.SENT:
        sent_at = locked.decision.decided_at if locked.decision else locked.updated_at
        raise DraftAlreadySent(
            _("Afgørelsen er allerede sendt (kl. %(time)s). Den er ikke sendt igen.")
            % {"time": formats.time_format(timezone.localtime(sent_at), "H.i")}
        )
    if locked.status == DecisionDraft.Status.DISCARDED:
        raise ValidationError(_("Udkastet er kasseret. Træf afgørelsen igen på siden Afgørelse."))
    if version is not None and locked.version != version:
        raise _stale(locked)
    return locked


def _reason_problems(
    errors: dict[str, list[str]],
    *,
    reasoned: bool,
    paragraph: str,
    legal_rules: list[str],
    main: str,
    facts: str,
) -> None:
    """FVL §§ 22-24 on the form's fields: what the letter's begrundelse will need."""
    rules = [r.strip() for r in legal_rules if r.strip()]
    if not rules:
        _add(
            errors,
            "legal_rules",
            _("Skriv de retsregler, afgørelsen bygger på (forvaltningsloven § 24, stk. 1)."),
        )
    elif reasoned and paragraph.lower() not in " ".join(rules).lower():
        _add(
            errors,
            "legal_rules",
            _("Begrundelsen skal henvise til %(paragraph)s blandt retsreglerne.") % {"paragraph": paragraph},
        )
    if reasoned and not main.strip():
        _add(
            errors,
            "main_considerations",
            _(
                "Skriv de hovedhensyn, der har været bestemmende for skønnet, når borgeren ikke får fuldt "
                "medhold (forvaltningsloven § 24, stk. 1)."
            ),
        )
    if reasoned and not facts.strip():
        _add(
            errors,
            "facts",
            _(
                "Skriv de oplysninger om sagens faktiske omstændigheder, der er lagt vægt på "
                "(forvaltningsloven § 24, stk. 2)."
            ),
        )


def _letter_problems(letter: LetterDraft) -> list[str]:
    """The legal check on the letter, less what the form's fields and the blockers already say (the
    begrundelse's elements and the alternatives considered); `letter_send` checks it all again."""
    return [p for p in letter_check(letter) if not p.startswith("Begrundelsen ")]


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def application_problems(
    case: Case,
    *,
    user: User,
    today: dt.date,
    outcome: str,
    applied_for: str,
    legal_rules: list[str],
    main_considerations: str = "",
    facts: str = "",
    granted: str = "",
    grant_terms: GrantTerms | None = None,
) -> dict[str, list[str]]:
    """Every problem with deciding the application this way today, by form field ("__all__" for the
    business rules and the letter): one check, all problems at once. Empty: the draft may be saved."""
    errors: dict[str, list[str]] = {}
    if outcome not in Outcome.values:
        _add(errors, "outcome", _("Vælg afgørelsens resultat."))
        return errors
    for blocker in decision_blockers(case, outcome=outcome, user=user, today=today):
        _add(errors, NON_FIELD_ERRORS, blocker)
    if case.status not in AWAITING_DECISION:
        return errors
    standard = standard_for_decision(case, today)
    if not applied_for.strip():
        _add(errors, "applied_for", _("Skriv hvad borgeren har søgt om."))
    _reason_problems(
        errors,
        reasoned=outcome in REASONED,
        paragraph=standard.spec.service.paragraph,
        legal_rules=legal_rules,
        main=main_considerations,
        facts=facts,
    )
    terms_ok = True
    if outcome in GRANTING:
        if grant_terms is None:
            _add(errors, NON_FIELD_ERRORS, _("Udfyld bevillingen: tilbud, start, omfang, mål og kørsel."))
            terms_ok = False
        else:
            for name, messages in terms_problems(case, standard.spec, grant_terms, today=today).items():
                for message in messages:
                    _add(errors, name, message)
                terms_ok = False
            try:
                _check_adult_start(case, grant_terms.start_date)
            except ValidationError as exc:
                for message in exc.messages:
                    _add(errors, "start_date", message)
            if free_places(grant_terms.offer) <= 0 and grant_terms.expected_start is None:
                _add(
                    errors,
                    "expected_start",
                    _("Tilbuddet har ingen ledig plads. Angiv hvornår borgeren kan forvente at starte."),
                )
    if terms_ok:
        prepared = prepare_application(
            case,
            today=today,
            outcome=outcome,
            applied_for=applied_for,
            legal_rules=legal_rules,
            main_considerations=main_considerations,
            facts=facts,
            granted=granted,
            grant_terms=grant_terms if outcome in GRANTING else None,
        )
        letter = letter_compose(kind=LETTER_KIND_BY_OUTCOME[outcome], case=case, decision=prepared.facts)
        for problem in _letter_problems(letter):
            _add(errors, NON_FIELD_ERRORS, problem)
    return errors


def _draft_event(user: User, draft: DecisionDraft, kind: str, /, **after: Any) -> None:
    access_log(
        user=user,
        action=AccessAction.CHANGE if kind != "decision.draft_created" else AccessAction.CREATE,
        what="sag: udkast til afgørelse",
        case=draft.case,
        detail=str(draft.pk),
    )
    event_record(
        user=user,
        kind=kind,
        case=draft.case,
        after={"draft": str(draft.pk), "version": draft.version, "status": draft.status, **after},
    )


def _open_draft_exists(case: Case) -> ValidationError:
    return ValidationError(
        _(
            "Der ligger allerede et udkast til afgørelse i sagen. Åbn udkastet og send eller ret det, "
            "eller kassér det, før du begynder forfra."
        )
    )


@transaction.atomic
def decision_draft_save(
    *,
    user: User,
    case: Case,
    outcome: str,
    applied_for: str,
    legal_rules: list[str],
    main_considerations: str = "",
    facts: str = "",
    granted: str = "",
    proposed_offer: str = "",
    proposed_scope: str = "",
    grant_terms: GrantTerms | None = None,
    draft: DecisionDraft | None = None,
    version: int | None = None,
) -> DecisionDraft:
    """Save the decision on an application as a draft (a new one, or `draft` at `version`). Every
    problem is refused at once (nothing changes); nothing is sent."""
    require_role_in(user, case.municipality_id, *WRITE_CASES)
    case = Case.objects.select_for_update().select_related("citizen", "municipality", "unit").get(pk=case.pk)
    if draft is not None:
        draft = _lock_draft(draft, version=version)
        if draft.case_id != case.id or draft.kind != Decision.Kind.APPLICATION:
            raise ValidationError(_("Udkastet hører ikke til denne afgørelse."))
    elif DecisionDraft.objects.filter(case=case, status__in=DecisionDraft.OPEN).exists():
        raise _open_draft_exists(case)
    today = clock.today()
    _raise(
        application_problems(
            case,
            user=user,
            today=today,
            outcome=outcome,
            applied_for=applied_for,
            legal_rules=legal_rules,
            main_considerations=main_considerations,
            facts=facts,
            granted=granted,
            grant_terms=grant_terms,
        )
    )
    values = {
        "outcome": outcome,
        "applied_for": applied_for.strip(),
        "legal_rules": [r.strip() for r in legal_rules if r.strip()],
        "main_considerations": main_considerations.strip(),
        "facts": facts.strip(),
        "granted": granted.strip() if outcome in GRANTING else "",
        "proposed_offer": proposed_offer.strip(),
        "proposed_scope": proposed_scope.strip(),
        "terms": terms_to_data(grant_terms) if grant_terms is not None and outcome in GRANTING else {},
    }
    now = clock.now()
    if draft is None:
        try:
            with transaction.atomic():
                draft = DecisionDraft.objects.create(
                    case=case,
                    kind=Decision.Kind.APPLICATION,
                    created_at=now,
                    created_by=user,
                    updated_at=now,
                    updated_by=user,
                    **values,
                )
        except IntegrityError as exc:
            raise _open_draft_exists(case) from exc
        kind = "decision.draft_created"
    else:
        for name, value in values.items():
            setattr(draft, name, value)
        draft.status = DecisionDraft.Status.DRAFT
        draft.version += 1
        draft.updated_at, draft.updated_by = now, user
        draft.save()
        kind = "decision.draft_changed"
    draft.authors.add(user)
    _draft_event(user, draft, kind, outcome=outcome)
    return draft


@transaction.atomic
def decision_draft_texts_save(
    *,
    user: User,
    draft: DecisionDraft,
    version: int,
    main_considerations: str,
    facts: str,
    granted: str = "",
    generated_granted: str = "",
) -> DecisionDraft:
    """Save the caseworker's words in the draft's letter (begrundelse, facts, what is granted). The
    legal parts are composed by the system and cannot be edited. Changing an approved draft withdraws
    the approval. `generated_granted`: the words made from the grant (kept generated when unchanged)."""
    require_role_in(user, draft.case.municipality_id, *WRITE_CASES)
    draft = _lock_draft(draft, version=version)
    errors: dict[str, list[str]] = {}
    reasoned = draft.kind != Decision.Kind.APPLICATION or draft.outcome in REASONED
    _reason_problems(
        errors,
        reasoned=reasoned,
        paragraph="",
        legal_rules=list(draft.legal_rules) or ["-"],
        main=main_considerations,
        facts=facts,
    )
    words = " ".join(granted.split())
    if draft.kind == Decision.Kind.APPLICATION and draft.outcome in GRANTING and not words:
        _add(errors, "granted", _("Skriv hvad borgeren får bevilget (tilbud, omfang og start)."))
    _raise(errors)
    generated = " ".join(generated_granted.split())
    changed = [
        name
        for name, value in (
            ("main_considerations", main_considerations.strip()),
            ("facts", facts.strip()),
            ("granted", "" if words == generated else granted.strip()),
        )
        if getattr(draft, name) != value
    ]
    if not changed:
        return draft
    draft.main_considerations = main_considerations.strip()
    draft.facts = facts.strip()
    if draft.kind != Decision.Kind.STOP:
        draft.granted = "" if words == generated else granted.strip()
    withdrawn = draft.status in (DecisionDraft.Status.APPROVED, DecisionDraft.Status.AWAITING_APPROVAL)
    draft.status = DecisionDraft.Status.DRAFT
    draft.version += 1
    draft.updated_at, draft.updated_by = clock.now(), user
    draft.save()
    draft.authors.add(user)
    _draft_event(user, draft, "decision.draft_texts_saved", changed=changed, approval_withdrawn=withdrawn)
    return draft


def _require_reviewer(user: User, draft: DecisionDraft, today: dt.date) -> None:
    """A second caseworker or team leader in the deciding unit, who wrote none of the draft."""
    require_role_in(user, draft.case.municipality_id, *APPROVE_DECISIONS)
    spec = standard_for_decision(draft.case, today).spec
    if (
        draft.kind != Decision.Kind.APPLICATION
        and draft.grant is not None
        and not draft.case.awaiting_decision
    ):
        spec = draft.grant.decision.standard_version.spec
    membership = membership_of(user)
    if membership.unit.code != spec.deciding_unit.code:
        raise ValidationError(
            _("Kun en sagsbehandler eller teamleder i %(unit)s kan godkende udkastet.")
            % {"unit": spec.deciding_unit.name}
        )
    if draft.authors.filter(pk=user.pk).exists():
        raise ValidationError(
            _(
                "Du har selv skrevet i udkastet og kan ikke godkende det. En kollega eller teamlederen skal "
                "godkende det."
            )
        )


def _review(user: User, draft: DecisionDraft, action: str, comment: str = "") -> None:
    DecisionDraftReview.objects.create(
        draft=draft,
        action=action,
        comment=comment.strip(),
        draft_version=draft.version,
        at=clock.now(),
        by=user,
    )


@transaction.atomic
def decision_draft_submit(*, user: User, draft: DecisionDraft, version: int) -> DecisionDraft:
    """Ask for the second approval the standard or the municipality's settings require for this decision."""
    require_role_in(user, draft.case.municipality_id, *WRITE_CASES)
    draft = _lock_draft(draft, version=version)
    if not approval_required(draft, today=clock.today()):
        raise ValidationError(_("Afgørelsen skal ikke godkendes af en kollega. Du kan sende den."))
    if draft.status not in (DecisionDraft.Status.DRAFT, DecisionDraft.Status.RETURNED):
        raise ValidationError(_("Udkastet er allerede sendt til godkendelse."))
    _review(user, draft, DecisionDraftReview.Action.SUBMITTED)
    draft.status = DecisionDraft.Status.AWAITING_APPROVAL
    draft.version += 1
    draft.save(update_fields=["status", "version"])
    _draft_event(user, draft, "decision.draft_submitted")
    return draft


@transaction.atomic
def decision_draft_review(
    *, user: User, draft: DecisionDraft, version: int, approve: bool, comment: str = ""
) -> DecisionDraft:
    """Approve the draft, or return it to its author with a comment (four eyes). The author never
    approves their own draft."""
    draft = _lock_draft(draft, version=version)
    _require_reviewer(user, draft, clock.today())
    if draft.status != DecisionDraft.Status.AWAITING_APPROVAL:
        raise ValidationError(_("Udkastet venter ikke på godkendelse."))
    if not approve and not comment.strip():
        raise ValidationError({"comment": _("Skriv hvad der skal rettes, før udkastet kan godkendes.")})
    _review(
        user,
        draft,
        DecisionDraftReview.Action.APPROVED if approve else DecisionDraftReview.Action.RETURNED,
        comment,
    )
    draft.status = DecisionDraft.Status.APPROVED if approve else DecisionDraft.Status.RETURNED
    draft.version += 1
    draft.save(update_fields=["status", "version"])
    _draft_event(
        user,
        draft,
        "decision.draft_approved" if approve else "decision.draft_returned",
        comment=bool(comment.strip()),
    )
    return draft


@transaction.atomic
def decision_draft_discard(*, user: User, draft: DecisionDraft, version: int) -> DecisionDraft:
    """Throw the draft away (nothing was sent); the decision can be made again from the start."""
    require_role_in(user, draft.case.municipality_id, *WRITE_CASES)
    draft = _lock_draft(draft, version=version)
    draft.status = DecisionDraft.Status.DISCARDED
    draft.version += 1
    draft.updated_at, draft.updated_by = clock.now(), user
    draft.save()
    _draft_event(user, draft, "decision.draft_discarded")
    return draft


@transaction.atomic
def decision_draft_send(*, user: User, draft: DecisionDraft, version: int | None = None) -> Decision:
    """Send the draft: the blockers and the letter are checked again, then the decision, its letter,
    the grant and the orders are made in one transaction. A second send (double click, two tabs) is
    refused with `DraftAlreadySent`; a draft changed since `version` is refused as stale."""
    require_role_in(user, draft.case.municipality_id, *WRITE_CASES)
    draft = _lock_draft(draft, version=version)
    if approval_required(draft, today=clock.today()) and draft.status != DecisionDraft.Status.APPROVED:
        raise ValidationError(
            _("Afgørelsen skal godkendes af en kollega eller teamlederen i enheden, før brevet kan sendes.")
        )
    if draft.kind == Decision.Kind.APPLICATION:
        decision = _decide_application(user=user, draft=draft)
    else:
        decision = _decide_change(user=user, draft=draft)
    draft.status = DecisionDraft.Status.SENT
    draft.decision = decision
    draft.version += 1
    draft.updated_at, draft.updated_by = clock.now(), user
    draft.save()
    _draft_event(user, draft, "decision.draft_sent", decision=str(decision.pk))
    return decision


def _decide_application(*, user: User, draft: DecisionDraft) -> Decision:
    """Decide the application as the draft says and send the letter. Blocked (nothing changes) while
    anything in decision_blockers stands, or when the letter lacks a required legal element."""
    today = clock.today()
    case = (
        Case.objects.select_for_update()
        .select_related("citizen", "municipality", "unit")
        .get(pk=draft.case_id)
    )
    outcome = draft.outcome
    blockers = decision_blockers(case, outcome=outcome, user=user, today=today)
    if blockers:
        raise ValidationError(blockers)
    granting = outcome in GRANTING
    grant_terms = terms_from_data(draft.terms, case) if granting and draft.terms else None
    standard = standard_for_decision(case, today)
    if granting:
        if grant_terms is None:
            raise ValidationError(_("Udfyld bevillingen: tilbud, start, omfang, mål og kørsel."))
        grant_services.check_terms(case=case, standard=standard, terms=grant_terms)
        _check_adult_start(case, grant_terms.start_date)
    prepared = prepare_application(
        case,
        today=today,
        outcome=outcome,
        applied_for=draft.applied_for,
        legal_rules=list(draft.legal_rules),
        main_considerations=draft.main_considerations,
        facts=draft.facts,
        granted=draft.granted,
        grant_terms=grant_terms,
    )
    decision_facts = prepared.facts
    letter = letter_send(
        user=user,
        draft=letter_compose(kind=LETTER_KIND_BY_OUTCOME[outcome], case=case, decision=decision_facts),
    )
    # A reopened case (genvurdering with agreement, or hjemvisning): the new decision replaces the last
    # one, and a grant still running under it ends when the new grant starts.
    replaces = Decision.objects.filter(case=case).order_by("-decided_at", "-id").first()
    if grant_terms is not None:
        _supersede_running_grants(user=user, case=case, from_date=grant_terms.start_date)
    decision = Decision.objects.create(
        case=case,
        replaces=replaces,
        outcome=outcome,
        decided_on=today,
        decided_at=clock.now(),
        decided_by=user,
        standard_version=prepared.standard,
        standard_hash=prepared.standard.content_hash,
        applied_for=decision_facts.applied_for,
        granted=decision_facts.granted,
        proposed_offer=draft.proposed_offer,
        proposed_scope=draft.proposed_scope,
        legal_rules=list(decision_facts.legal_rules),
        main_considerations=decision_facts.main_considerations,
        facts=decision_facts.facts,
        findings=[finding_data(f) for f in prepared.findings],
        departures=list(prepared.departures.values()),
        alternatives=[
            {"alternative": a.alternative, "consideration": a.consideration} for a in prepared.alternatives
        ],
        letter=letter,
    )
    case = case_services.case_transition(user=user, case=case, to_status=Status.DECIDED, outcome=outcome)
    if grant_terms is not None:
        grant = grant_services.grant_create(
            user=user, case=case, decision=decision, standard=prepared.standard, terms=grant_terms
        )
        if grant.status == grant.Status.ORDERED:
            case_services.case_transition(user=user, case=case, to_status=Status.ACTIVE)
    event_record(
        user=user,
        kind="decision.made",
        case=case,
        after={
            "decision": str(decision.pk),
            "outcome": outcome,
            "letter": str(letter.pk),
            "departures": len(prepared.departures),
        },
    )
    return decision


@transaction.atomic
def decision_make(
    *,
    user: User,
    case: Case,
    outcome: str,
    applied_for: str,
    legal_rules: list[str],
    main_considerations: str = "",
    facts: str = "",
    granted: str = "",
    proposed_offer: str = "",
    proposed_scope: str = "",
    grant_terms: GrantTerms | None = None,
) -> Decision:
    """Decide an application at once: its draft and the sending in one transaction (the demo data, and
    callers that need no preview). Refused like `decision_draft_save` and `decision_draft_send`, and
    when the standard or the municipality's settings require a second approval of the decision."""
    draft = decision_draft_save(
        user=user,
        case=case,
        outcome=outcome,
        applied_for=applied_for,
        legal_rules=legal_rules,
        main_considerations=main_considerations,
        facts=facts,
        granted=granted,
        proposed_offer=proposed_offer,
        proposed_scope=proposed_scope,
        grant_terms=grant_terms,
    )
    return decision_draft_send(user=user, draft=draft, version=draft.version)


def _check_adult_start(case: Case, start: dt.date) -> None:
    """Help under the rules for adults starts on the 18th birthday at the earliest (`law.ADULT_AGE`).
    A decision may be made before it, for a smooth transition to adulthood, if the start is not."""
    earliest = case.citizen.birthday_at_age(law.ADULT_AGE.value)
    if start < earliest:
        raise ValidationError(
            {
                "start_date": _(
                    "Hjælpen kan tidligst begynde den %(date)s, hvor borgeren fylder %(age)d år (%(rule)s). "
                    "Vælg en startdato på eller efter fødselsdagen."
                )
                % {
                    "date": formats.date_format(earliest, "j. F Y"),
                    "age": law.ADULT_AGE.value,
                    "rule": law.ADULT_AGE.citation,
                }
            }
        )


def _supersede_running_grants(*, user: User, case: Case, from_date: dt.date) -> None:
    """End the grants of an earlier decision on the day the new decision's grant starts."""
    from visitator.grants.models import Grant

    for grant in Grant.objects.select_for_update().filter(case=case).exclude(status=Grant.Status.STOPPED):
        grant_services.grant_apply_stop(user=user, grant=grant, effective_from=from_date)


__all__ = [
    "PermissionDenied",
    "decision_blockers",
    "decision_draft_save",
    "decision_draft_send",
    "decision_make",
    "hearing_send",
]


# -- changing or stopping a running grant --------------------------------------------------------


def change_blockers(*, grant: Any, user: User, today: dt.date) -> list[str]:
    """What stops a decision to change or stop a running grant now (FVL § 19 applies: it is a
    decision against the citizen)."""
    blockers: list[str] = []
    if grant.status == "stopped":
        return [_("Bevillingen er ophørt.")]
    spec = grant.decision.standard_version.spec
    blockers.extend(_deciding_unit_blockers(spec, user))
    blockers.extend(hearing_state(grant.case, today=today).messages())
    return blockers


def change_problems(
    grant: Any,
    *,
    user: User,
    today: dt.date,
    stop: bool,
    effective_from: dt.date,
    legal_rules: list[str],
    main_considerations: str,
    facts: str,
    days_per_week: int | None = None,
    day_part: str = "",
    notice_reason: str = "",
) -> dict[str, list[str]]:
    """Every problem with this change or stop today, by form field: one check, all problems at once."""
    errors: dict[str, list[str]] = {}
    for blocker in change_blockers(grant=grant, user=user, today=today):
        _add(errors, NON_FIELD_ERRORS, blocker)
    if grant.status == "stopped":
        return errors
    if effective_from < today:
        _add(errors, "effective_from", _("Ændringen kan tidligst gælde fra i dag."))
    if not stop and (
        days_per_week is None or not 1 <= days_per_week <= 5 or day_part not in ("full", "half")
    ):
        _add(errors, "days_per_week", _("Angiv det nye omfang."))
    _reason_problems(
        errors,
        reasoned=True,
        paragraph="",
        legal_rules=legal_rules,
        main=main_considerations,
        facts=facts,
    )
    if "days_per_week" in errors:
        return errors
    prepared = prepare_change(
        grant,
        today=today,
        stop=stop,
        effective_from=effective_from,
        legal_rules=legal_rules,
        main_considerations=main_considerations,
        facts=facts,
        days_per_week=days_per_week,
        day_part=day_part,
        notice_reason=notice_reason,
    )
    if prepared.reduces and effective_from < prepared.earliest and not notice_reason.strip():
        _add(
            errors,
            "effective_from",
            _(
                "En nedsættelse eller et ophør gælder tidligst efter varslet på %(period)s, dvs. fra den "
                "%(date)s. Vælg en senere dato, eller skriv hvorfor den skal gælde før."
            )
            % {"period": prepared.notice_period, "date": formats.date_format(prepared.earliest, "j. F Y")},
        )
    kind = LetterKind.STOP if stop else LetterKind.CHANGE
    letter = letter_compose(kind=kind, case=grant.case, decision=prepared.facts)
    for problem in _letter_problems(letter):
        _add(errors, NON_FIELD_ERRORS, problem)
    return errors


@transaction.atomic
def grant_change_draft_save(
    *,
    user: User,
    grant: Any,
    stop: bool,
    effective_from: dt.date,
    legal_rules: list[str],
    main_considerations: str,
    facts: str,
    days_per_week: int | None = None,
    day_part: str = "",
    notice_reason: str = "",
) -> DecisionDraft:
    """A draft of a new decision that changes or stops a running grant (SEL § 148, stk. 2: a grant
    never ends silently). Nothing is sent until `decision_draft_send`."""
    from visitator.grants.models import Grant

    case = grant.case
    require_role_in(user, case.municipality_id, *WRITE_CASES)
    case = Case.objects.select_for_update().get(pk=case.pk)
    grant = (
        Grant.objects.select_for_update()
        .select_related(
            "case", "case__unit", "case__citizen", "case__municipality", "offer", "decision__standard_version"
        )
        .get(pk=grant.pk)
    )
    if DecisionDraft.objects.filter(case=case, status__in=DecisionDraft.OPEN).exists():
        raise _open_draft_exists(case)
    today = clock.today()
    _raise(
        change_problems(
            grant,
            user=user,
            today=today,
            stop=stop,
            effective_from=effective_from,
            legal_rules=legal_rules,
            main_considerations=main_considerations,
            facts=facts,
            days_per_week=days_per_week,
            day_part=day_part,
            notice_reason=notice_reason,
        )
    )
    now = clock.now()
    try:
        with transaction.atomic():
            draft = DecisionDraft.objects.create(
                case=case,
                kind=Decision.Kind.STOP if stop else Decision.Kind.CHANGE,
                grant=grant,
                outcome=Outcome.REFUSED if stop else Outcome.PARTLY_GRANTED,
                applied_for="",
                legal_rules=[r.strip() for r in legal_rules if r.strip()],
                main_considerations=main_considerations.strip(),
                facts=facts.strip(),
                terms={
                    "effective_from": effective_from.isoformat(),
                    "days_per_week": None if stop else days_per_week,
                    "day_part": "" if stop else day_part,
                    "notice_reason": notice_reason.strip(),
                },
                created_at=now,
                created_by=user,
                updated_at=now,
                updated_by=user,
            )
    except IntegrityError as exc:
        raise _open_draft_exists(case) from exc
    draft.authors.add(user)
    _draft_event(user, draft, "decision.draft_created", decision_kind=draft.kind, grant=str(grant.pk))
    return draft


def _decide_change(*, user: User, draft: DecisionDraft) -> Decision:
    """Change or stop the grant as the draft says, with the letter (begrundelse, klagevejledning and the
    notice, varsel). A reduction or a stop takes effect after the standard's notice period at the
    earliest; an earlier date needs the reason the draft holds."""
    from visitator.grants.models import Grant

    assert draft.grant_id is not None
    grant = (
        Grant.objects.select_for_update()
        .select_related("case", "offer", "decision__standard_version")
        .get(pk=draft.grant_id)
    )
    case = grant.case
    today = clock.today()
    data = change_terms(draft)
    stop = draft.kind == Decision.Kind.STOP
    _raise(
        change_problems(
            grant,
            user=user,
            today=today,
            stop=stop,
            effective_from=data["effective_from"],
            legal_rules=list(draft.legal_rules),
            main_considerations=draft.main_considerations,
            facts=draft.facts,
            days_per_week=data.get("days_per_week"),
            day_part=data.get("day_part", ""),
            notice_reason=data.get("notice_reason", ""),
        )
    )
    effective_from = data["effective_from"]
    prepared = prepare_change(
        grant,
        today=today,
        stop=stop,
        effective_from=effective_from,
        legal_rules=list(draft.legal_rules),
        main_considerations=draft.main_considerations,
        facts=draft.facts,
        days_per_week=data.get("days_per_week"),
        day_part=data.get("day_part", ""),
        notice_reason=data.get("notice_reason", ""),
        granted=draft.granted,
    )
    decision_facts = prepared.facts
    kind = LetterKind.STOP if stop else LetterKind.CHANGE
    letter = letter_send(user=user, draft=letter_compose(kind=kind, case=case, decision=decision_facts))
    decision = Decision.objects.create(
        case=case,
        kind=Decision.Kind.STOP if stop else Decision.Kind.CHANGE,
        outcome=Outcome.REFUSED if stop else Outcome.PARTLY_GRANTED,
        decided_on=today,
        decided_at=clock.now(),
        decided_by=user,
        standard_version=prepared.standard,
        standard_hash=prepared.standard.content_hash,
        applied_for=decision_facts.applied_for,
        granted=decision_facts.granted,
        legal_rules=list(decision_facts.legal_rules),
        main_considerations=decision_facts.main_considerations,
        facts=decision_facts.facts,
        findings=[],
        departures=[],
        alternatives=[
            {"alternative": a.alternative, "consideration": a.consideration} for a in prepared.alternatives
        ],
        letter=letter,
    )
    if stop:
        grant_services.grant_apply_stop(user=user, grant=grant, effective_from=effective_from)
    else:
        grant_services.grant_apply_change(
            user=user,
            grant=grant,
            days_per_week=data.get("days_per_week") or 0,
            day_part=data.get("day_part", ""),
            effective_from=effective_from,
        )
    early = prepared.reduces and effective_from < prepared.earliest
    event_record(
        user=user,
        kind="decision.grant_stopped" if stop else "decision.grant_changed",
        case=case,
        after={
            "decision": str(decision.pk),
            "grant": str(grant.pk),
            "effective_from": effective_from.isoformat(),
            "notice_period": prepared.notice_period if prepared.reduces else None,
            "notice_reason": data.get("notice_reason", "").strip() if early else None,
        },
    )
    return decision


@transaction.atomic
def grant_change_decide(
    *,
    user: User,
    grant: Any,
    stop: bool,
    effective_from: dt.date,
    legal_rules: list[str],
    main_considerations: str,
    facts: str,
    days_per_week: int | None = None,
    day_part: str = "",
    notice_reason: str = "",
) -> Decision:
    """Change or stop a running grant at once: the draft and its sending in one transaction."""
    draft = grant_change_draft_save(
        user=user,
        grant=grant,
        stop=stop,
        effective_from=effective_from,
        legal_rules=legal_rules,
        main_considerations=main_considerations,
        facts=facts,
        days_per_week=days_per_week,
        day_part=day_part,
        notice_reason=notice_reason,
    )
    return decision_draft_send(user=user, draft=draft, version=draft.version)
