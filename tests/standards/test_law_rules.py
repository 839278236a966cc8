"""Rules the law sets: values and citations."""

from __future__ import annotations

from visitator.core import law
from visitator.core.periods import Period


def test_complaint_and_reassessment_deadlines() -> None:
    assert law.COMPLAINT_DEADLINE.value == Period.of(4, "weeks")
    assert "§ 67" in law.COMPLAINT_DEADLINE.citation and "§ 25" in law.COMPLAINT_DEADLINE.citation
    assert law.REASSESSMENT_DEADLINE.value.describe() == "4 uger"
    assert "§ 66" in law.REASSESSMENT_DEADLINE.citation
    assert law.COMPLAINT_SUSPENDS_DECISION.value is False


def test_access_to_file_is_marked_for_checking() -> None:
    assert law.ACCESS_TO_FILE_NOTICE.value.describe() == "7 arbejdsdage"
    assert law.ACCESS_TO_FILE_NOTICE.check
    assert law.ACCESS_TO_FILE_NOTICE.cited.endswith("(check)")
    assert not law.COMPLAINT_DEADLINE.cited.endswith("(check)")


def test_age_and_cpr() -> None:
    assert law.ADULT_AGE.value == 18
    assert law.SEL_104.upper_age_limit.value is None
    assert law.SEL_104.adult_service
    assert law.CPR_REJECT_ON_MODULUS_11_FAILURE.value is False
    assert "2007" in law.CPR_REJECT_ON_MODULUS_11_FAILURE.citation


def test_every_rule_is_cited() -> None:
    rules = [value for value in vars(law).values() if isinstance(value, law.LawRule)]
    for service in law.SERVICES.values():
        rules.extend(value for value in vars(service).values() if isinstance(value, law.LawRule))
    assert len(rules) >= 12
    assert all(rule.citation.strip() for rule in rules)
    assert law.SERVICES["sel-104"].paragraph == "Serviceloven § 104"
