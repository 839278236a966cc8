"""Writes on citizens. Each writes its access-log row and event in the same transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from stdnum.dk import cvr as stdnum_cvr
from stdnum.exceptions import ValidationError as StdnumError

from visitator.audit.models import AccessAction
from visitator.audit.services import access_log, event_record
from visitator.organisation.roles import WRITE_CASES, require_role, require_role_in

from . import cpr as cprlib
from . import history
from .models import Citizen, Language, Representative

CITIZEN_FIELDS = (
    "first_name",
    "last_name",
    "address_line",
    "postcode",
    "city",
    "phone",
    "email",
    "digital_post_exempt",
    "digital_post_exemption_reason",
    "is_test_person",
    "preferred_language",
    "preferred_language_other",
    "interpreter_needed",
)

REPRESENTATIVE_FIELDS = (
    "kind",
    "name",
    "address_line",
    "postcode",
    "city",
    "phone",
    "email",
    "valid_from",
    "valid_to",
    "receives_letters",
    "digital_post_id",
    "power_of_attorney_received",
)


class StaleEdit(ValidationError):
    """Someone saved the record after the form was opened; nothing was saved.

    `version` is the version now stored: a form that shows the message again carries it, so the next
    save goes through. `changes` holds, per field changed since the form was opened, the value the
    form was opened on and the value stored now (people.forms.VersionedForm.take_stale)."""

    def __init__(self, message: str, *, version: int, changes: dict[str, tuple[Any, Any]]) -> None:
        super().__init__(message, code="stale")
        self.version = version
        self.changes = changes


def _already_saved(record: Citizen | Representative, fields: dict[str, Any]) -> bool:
    """The record already holds exactly these values (a form sent twice)."""
    return all(getattr(record, name) == value for name, value in _clean_strings(fields).items())


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _logged(name: str, value: Any) -> Any:
    """A representative's value as the event keeps it: a CPR number for Digital Post masked."""
    if name == "digital_post_id" and isinstance(value, str) and len(value) == 10:
        return cprlib.mask(value)
    return _json(value)


def _clean_strings(fields: dict[str, Any]) -> dict[str, Any]:
    return {name: value.strip() if isinstance(value, str) else value for name, value in fields.items()}


def citizen_problems(citizen: Citizen) -> dict[str, str]:
    """What is wrong with a citizen's record, by field (the form shows the same before saving)."""
    errors: dict[str, str] = {}
    if citizen.digital_post_exempt and not citizen.digital_post_exemption_reason.strip():
        errors["digital_post_exemption_reason"] = _("Skriv grunden til fritagelsen for Digital Post.")
    if citizen.preferred_language == Language.OTHER and not citizen.preferred_language_other.strip():
        errors["preferred_language_other"] = _("Skriv hvilket sprog borgeren foretrækker.")
    if citizen.interpreter_needed and citizen.preferred_language == Language.DANISH:
        errors["preferred_language"] = _("Vælg det sprog, borgeren skal have tolk til.")
    return errors


def _check_citizen(citizen: Citizen) -> None:
    """The rules a citizen's record keeps, whoever writes it; a reason or a language that no longer
    applies is cleared."""
    errors = citizen_problems(citizen)
    if errors:
        raise ValidationError(errors)
    if not citizen.digital_post_exempt:
        citizen.digital_post_exemption_reason = ""
    if citizen.preferred_language != Language.OTHER:
        citizen.preferred_language_other = ""


@transaction.atomic
def citizen_create(*, user: User, cpr: str, first_name: str, last_name: str, **fields: Any) -> Citizen:
    membership = require_role(user, *WRITE_CASES)
    number = cprlib.normalize(cpr)
    unknown = set(fields) - set(CITIZEN_FIELDS)
    if unknown:
        raise TypeError(f"Unknown citizen fields: {sorted(unknown)}")
    if Citizen.objects.filter(municipality=membership.municipality, cpr=number).exists():
        raise ValidationError({"cpr": _("Der findes allerede en borger med dette CPR-nummer.")})
    citizen = Citizen(
        municipality=membership.municipality,
        cpr=number,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        **_clean_strings(fields),
    )
    _check_citizen(citizen)
    citizen.full_clean()
    citizen.save()
    access_log(user=user, action=AccessAction.CREATE, what="borger", citizen=citizen)
    event_record(
        user=user,
        kind="citizen.created",
        citizen=citizen,
        after={"name": citizen.full_name, "cpr": citizen.cpr_masked, "version": citizen.version},
    )
    return citizen


@transaction.atomic
def citizen_update(*, user: User, citizen: Citizen, version: int, **fields: Any) -> Citizen:
    """Change a citizen's name, address, contact, Digital Post exemption, language or interpreter need;
    the event keeps old and new values.

    `version` is the version the form was opened on: if someone has saved since, nothing is saved and
    `StaleEdit` says who changed what (optimistic locking).
    """
    require_role_in(user, citizen.municipality_id, *WRITE_CASES)
    unknown = set(fields) - set(CITIZEN_FIELDS)
    if unknown:
        raise TypeError(f"Unknown citizen fields: {sorted(unknown)}")
    citizen = Citizen.objects.select_for_update().get(pk=citizen.pk)
    if citizen.version != version and _already_saved(citizen, fields):
        return citizen  # the same save twice (a double click): done once
    if citizen.version != version:
        events = history.changes_since(
            citizen_id=citizen.pk, kinds=[history.CITIZEN_CHANGED], version=version
        )
        raise StaleEdit(
            history.stale_message(what=_("Borgerens oplysninger"), events=events, model=Citizen),
            version=citizen.version,
            changes=history.net_changes(events),
        )
    before = {name: getattr(citizen, name) for name in CITIZEN_FIELDS}
    for name, value in _clean_strings(fields).items():
        setattr(citizen, name, value)
    _check_citizen(citizen)
    changed = [name for name in CITIZEN_FIELDS if getattr(citizen, name) != before[name]]
    if not changed:
        return citizen
    citizen.full_clean()
    citizen.version += 1
    citizen.save()
    access_log(user=user, action=AccessAction.CHANGE, what="borger", citizen=citizen)
    event_record(
        user=user,
        kind=history.CITIZEN_CHANGED,
        citizen=citizen,
        before={**{name: before[name] for name in changed}, "version": version},
        after={**{name: getattr(citizen, name) for name in changed}, "version": citizen.version},
    )
    return citizen


def digital_post_number(text: str) -> str:
    """The digits of a representative's Digital Post number: a CPR number (10 digits, checked for format
    and birth date only, never modulus 11) or a CVR number (8 digits, with its modulus-11 check, which
    holds for every CVR number). ValidationError with a Danish message that never repeats the number."""
    raw = (text or "").replace(" ", "").replace("-", "").strip()
    if not raw:
        return ""
    if not raw.isdigit() or len(raw) not in (8, 10):
        raise ValidationError(
            _("Skriv et CPR-nummer (10 cifre) eller et CVR-nummer (8 cifre) til Digital Post.")
        )
    if len(raw) == 10:
        return cprlib.normalize(raw)
    try:
        return stdnum_cvr.validate(raw)
    except StdnumError as exc:
        raise ValidationError(_("CVR-nummeret er ikke gyldigt. Kontrollér de 8 cifre.")) from exc


def representative_problems(representative: Representative) -> dict[str, str]:
    """What is wrong with a representative, by field (the form shows the same before saving).

    A partsrepræsentant needs the date the fuldmagt was received (FVL § 8); only a guardian or a
    partsrepræsentant receives letters, and then only with a way to reach them: the representative's
    own Digital Post (a CPR or CVR number) or a postal address for a physical letter
    (letters.compose.recipient_for), so that a missing address is never first found when a letter is
    sent."""
    r = representative
    errors: dict[str, str] = {}
    if r.kind == Representative.Kind.POWER_OF_ATTORNEY and r.power_of_attorney_received is None:
        errors["power_of_attorney_received"] = _("Angiv hvornår fuldmagten er modtaget.")
    if r.valid_to is not None and r.valid_from is not None and r.valid_to < r.valid_from:
        errors["valid_to"] = _("Slutdatoen ligger før startdatoen.")
    if r.digital_post_id.strip():
        try:
            digital_post_number(r.digital_post_id)
        except ValidationError as exc:
            errors["digital_post_id"] = exc.messages[0]
    if r.receives_letters and r.can_receive_letters and not r.has_letter_route:
        address = ("address_line", "postcode", "city")
        missing = [name for name in address if not getattr(r, name).strip()]
        short = {
            "address_line": _("Skriv repræsentantens adresse."),
            "postcode": _("Skriv repræsentantens postnummer."),
            "city": _("Skriv repræsentantens by."),
        }
        errors[missing[0]] = _(
            "En repræsentant, der modtager breve, skal have Digital Post eller en postadresse. Skriv "
            "repræsentantens CPR- eller CVR-nummer til Digital Post, eller udfyld adresse, postnummer og "
            "by – eller fjern fluebenet i »Modtager borgerens breve«."
        )
        if len(missing) < len(address):  # an address begun: say what is missing of it
            errors.update({name: short[name] for name in missing[1:]})
    return errors


def _check_representative(representative: Representative) -> None:
    errors = representative_problems(representative)
    if errors:
        raise ValidationError(errors)
    representative.digital_post_id = digital_post_number(representative.digital_post_id)
    if not representative.can_receive_letters:
        representative.receives_letters = False


@transaction.atomic
def representative_add(
    *,
    user: User,
    citizen: Citizen,
    kind: str,
    name: str,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    power_of_attorney_received: dt.date | None = None,
    **fields: Any,
) -> Representative:
    """Record someone acting for the citizen (værge, partsrepræsentant with fuldmagt) or assisting
    (bisidder, pårørende). Only a værge or a partsrepræsentant receives letters, and only with a
    postal address (see `_check_representative`)."""
    require_role_in(user, citizen.municipality_id, *WRITE_CASES)
    unknown = set(fields) - set(REPRESENTATIVE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown representative fields: {sorted(unknown)}")
    # One at a time per citizen, so the same form sent twice adds the representative once.
    citizen = Citizen.objects.select_for_update().get(pk=citizen.pk)
    if Representative.objects.filter(
        citizen=citizen, kind=kind, name__iexact=name.strip(), valid_from=valid_from
    ).exists():
        raise ValidationError(
            _("%(name)s er allerede registreret som repræsentant fra denne dato.") % {"name": name.strip()}
        )
    representative = Representative(
        citizen=citizen,
        kind=kind,
        name=name.strip(),
        valid_from=valid_from,
        valid_to=valid_to,
        power_of_attorney_received=power_of_attorney_received,
        **_clean_strings(fields),
    )
    _check_representative(representative)
    representative.full_clean()
    representative.save()
    access_log(user=user, action=AccessAction.CREATE, what="borger: repræsentant", citizen=citizen)
    event_record(
        user=user,
        kind=history.REPRESENTATIVE_ADDED,
        citizen=citizen,
        after={
            "representative": str(representative.pk),
            "name": representative.name,
            "kind": kind,
            "valid_from": valid_from.isoformat(),
            "receives_letters": representative.receives_letters,
            "digital_post": representative.has_digital_post,
            "version": representative.version,
        },
    )
    return representative


def _locked_representative(
    user: User, representative: Representative, version: int, fields: dict[str, Any]
) -> Representative:
    """The representative locked for this transaction, after the permission check and the version
    check (StaleEdit when someone saved it after the form was opened, unless it already holds the
    values `fields` would save: the same form sent twice)."""
    require_role_in(user, representative.citizen.municipality_id, *WRITE_CASES)
    current = Representative.objects.select_for_update().select_related("citizen").get(pk=representative.pk)
    if current.version != version and not _already_saved(current, fields):
        events = history.changes_since(
            citizen_id=current.citizen_id,
            kinds=history.REPRESENTATIVE_KINDS,
            version=version,
            representative=current.pk,
        )
        changes = history.net_changes(events)
        if "digital_post_id" in changes:
            # The event keeps a CPR number masked. When the form still held the number the other
            # person replaced (its masked form matches), the form gets the number now stored, so
            # saving again never puts the old number back over theirs.
            opened_masked, _stored = changes["digital_post_id"]
            sent = str(fields.get("digital_post_id", "")).strip()
            if _logged("digital_post_id", sent) == opened_masked:
                changes["digital_post_id"] = (sent, current.digital_post_id)
        raise StaleEdit(
            history.stale_message(
                what=_("Repræsentanten %(name)s") % {"name": current.name},
                events=events,
                model=Representative,
            ),
            version=current.version,
            changes=changes,
        )
    return current


@transaction.atomic
def representative_update(
    *, user: User, representative: Representative, version: int, **fields: Any
) -> Representative:
    """Correct a representative's details. The row is kept and the event holds old and new values;
    the same rules as when adding apply (fuldmagt date, postal address for one who receives letters)."""
    unknown = set(fields) - set(REPRESENTATIVE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown representative fields: {sorted(unknown)}")
    representative = _locked_representative(user, representative, version, fields)
    before = {name: getattr(representative, name) for name in REPRESENTATIVE_FIELDS}
    for name, value in _clean_strings(fields).items():
        setattr(representative, name, value)
    _check_representative(representative)
    changed = [name for name in REPRESENTATIVE_FIELDS if getattr(representative, name) != before[name]]
    if not changed:
        return representative
    representative.full_clean()
    representative.version += 1
    representative.save()
    citizen = representative.citizen
    access_log(user=user, action=AccessAction.CHANGE, what="borger: repræsentant", citizen=citizen)
    event_record(
        user=user,
        kind=history.REPRESENTATIVE_CHANGED,
        citizen=citizen,
        before={**{name: _logged(name, before[name]) for name in changed}, "version": version},
        after={
            **{name: _logged(name, getattr(representative, name)) for name in changed},
            "representative": str(representative.pk),
            "version": representative.version,
        },
    )
    return representative


@transaction.atomic
def representative_end(
    *, user: User, representative: Representative, version: int, ended_on: dt.date, reason: str = ""
) -> Representative:
    """End a representation on a date (the last day it applies). The representative is never deleted:
    the row stays with its period, so who acted for the citizen when is kept."""
    ending = {"valid_to": ended_on, "end_reason": reason}
    representative = _locked_representative(user, representative, version, ending)
    if representative.version != version:
        return representative  # already ended so (the same form sent twice)
    if ended_on < representative.valid_from:
        raise ValidationError(
            {
                "ended_on": _("Ophørsdatoen ligger før repræsentantens startdato (%(date)s).")
                % {"date": representative.valid_from.strftime("%d.%m.%Y")}
            }
        )
    before = {
        "valid_to": _json(representative.valid_to),
        "end_reason": representative.end_reason,
        "version": version,
    }
    representative.valid_to = ended_on
    representative.end_reason = reason.strip()
    representative.version += 1
    representative.full_clean()
    representative.save()
    citizen = representative.citizen
    access_log(user=user, action=AccessAction.CHANGE, what="borger: repræsentant ophørt", citizen=citizen)
    event_record(
        user=user,
        kind=history.REPRESENTATIVE_ENDED,
        citizen=citizen,
        before=before,
        after={
            "valid_to": ended_on.isoformat(),
            "end_reason": representative.end_reason,
            "representative": str(representative.pk),
            "version": representative.version,
        },
    )
    return representative
