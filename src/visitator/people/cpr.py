"""CPR numbers (personnumre), via python-stdnum's `stdnum.dk.cpr`.

- Format DDMMYY-SSSS; the 7th digit together with the year gives the century (stdnum implements the
  CPR office's table).
- Since 1 October 2007 some valid CPR numbers fail the modulus-11 check (cpr.dk, "Personnumre uden
  kontrolciffer"). We never reject a number for failing it: `stdnum.dk.cpr.validate` checks format and
  birth date only, and so do we.
- A CPR number is personal data (databeskyttelsesloven § 11): never put one in a URL, a log line or
  an error message. Use `mask()` where a reference is needed.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.dk import cpr as stdnum_cpr
from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError


def normalize(text: str) -> str:
    """Return the ten digits of a CPR number, or raise ValidationError with a Danish message.

    The message never repeats the number itself.
    """
    raw = (text or "").strip()
    if not raw:
        raise ValidationError(_("Skriv et CPR-nummer."), code="required")
    try:
        return stdnum_cpr.validate(raw)
    except InvalidLength as exc:
        raise ValidationError(_("Et CPR-nummer har 10 cifre (DDMMÅÅ-LLLL)."), code="length") from exc
    except InvalidFormat as exc:
        raise ValidationError(
            _("Et CPR-nummer må kun indeholde cifre og evt. en bindestreg."), code="format"
        ) from exc
    except InvalidComponent as exc:
        raise ValidationError(
            _("De første seks cifre i CPR-nummeret er ikke en gyldig fødselsdato."), code="birth_date"
        ) from exc
    except StdnumError as exc:  # pragma: no cover - stdnum's base class, for future error types
        raise ValidationError(_("CPR-nummeret er ikke gyldigt."), code="invalid") from exc


def birth_date(number: str) -> dt.date:
    return stdnum_cpr.get_birth_date(number)


def age_on(number: str, on: dt.date) -> int:
    """Age in whole years on the date `on` (a person born 29 February turns a year older on 1 March)."""
    born = birth_date(number)
    years = on.year - born.year
    if (on.month, on.day) < (born.month, born.day):
        years -= 1
    return years


def birthday_at_age(number: str, years: int) -> dt.date:
    """The day the person turns `years` old; born 29 February: 1 March in a year without one (as
    `age_on` counts)."""
    born = birth_date(number)
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return dt.date(born.year + years, 3, 1)


def passes_modulus_11(number: str) -> bool:
    """Whether the old control-digit check holds. Informational only: never a reason to reject."""
    return stdnum_cpr.checksum(number) == 0


def format_cpr(number: str) -> str:
    return f"{number[:6]}-{number[6:]}"


def mask(number: str) -> str:
    """A form safe for logs and search criteria: birth date kept, serial hidden ("010170-****")."""
    return f"{number[:6]}-****" if len(number) >= 6 else "******-****"
