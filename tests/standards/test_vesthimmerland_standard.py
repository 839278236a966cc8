"""The real file: Vesthimmerlands Kommune's standard for § 104, every sentence transcribed."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from visitator.standards.loader import read_standard
from visitator.standards.schema import CaseworkerAssessment, Computed, ComputedFact, DeadlineSource, Status
from visitator.standards.validation import check_files

#: The content hash of the published file. A change here means the published version changed:
#: that is never allowed -- add a new file with a new valid_from instead.
PINNED_HASH = "ca181bb5b1b19e08176b80e1ffb7a6f3cc2148afc5352323ed2b83eedf590f87"

#: Every sentence of the seed document (Vesthimmerlands Kommune's published quality standard),
#: one per paragraph below.
SEED_TEXT = """
Aktivitets- og samværstilbud

Serviceloven § 104

Du er i målgruppen for aktivitets- og samværstilbud, hvis du er over 18 år og har betydelig
nedsat fysisk eller psykisk funktionsevne eller særlige sociale problemer.

Hvis du har et socialt behov og kan deltage i andre aktiviteter som uvisiterede
væresteder/netværkscafeer, foreninger, selvhjælpsgrupper mm, der kan dække dit behov, vil du som
udgangspunkt ikke være i målgruppen for et visiteret aktivitets- og samværstilbud.

Det overordnede formål med et aktivitets- og samværstilbud er, at tilbuddet skal understøtte
dine muligheder for at opøve, vedligeholde og udvikle dine sociale kompetencer og personlige
færdigheder med henblik på at mestre dit eget liv.

Det betyder, at der i tilbuddet er fokus på at øge din livskvalitet i hverdagen, samt på at
sikre, at du får mulighed for socialt samvær og for at udøve forskellige aktiviteter sammen med
andre i tilbuddet.

Aktivitets- og samværstilbuddet indeholder aktiverende støtte og omsorg herunder træning og
kreative og lystbetonede aktiviteter og kan være et alternativ til beskyttet beskæftigelse.

Der fastsættes mål for dit udbytte af tilbuddet.

Aktivitets- og samværstilbud bevilges i det omfang det vurderes at modsvare dit funktionsniveau
og behov.

Se evt. beskrivelse i forhold til udgifter nedenfor

Det er gratis for dig at tage imod et aktivitets- og samværstilbud.

Kommunen afholder udgiften til befordring.

Der bevilges ikke individuel kørsel med Taxa.

Som udgangspunkt Vesthimmerlands Kommunes egne tilbud, men der pågår altid en konkret og
individuel vurdering i forhold til den enkelte borgers funktion og behov.

Tilbuddet skal være godkendt på Tilbudsportalen.

Bevilling Psykiatri og Handicap visiterer til aktivitets- og samværstilbud.

Du modtager svar på din ansøgning senest 8 uger efter modtagelsen.

Der følges løbende op på bevillingen dog som udgangspunkt minimum én gang om året, hvor der
foretages en vurdering af, om formålet for bevillingen fortsat er opfyldt.

Kommunalbestyrelsen skal tilbyde aktivitets- og samværstilbud til personer med betydelig nedsat
fysisk eller psykisk funktionsevne eller med særlige sociale problemer til opretholdelse eller
forbedring af personlige færdigheder eller af livsvilkårene.
"""
SEED_SENTENCES = [re.sub(r"\s+", " ", paragraph).strip() for paragraph in SEED_TEXT.strip().split("\n\n")]


def strings(
    value: Any, *, skip: frozenset[str] = frozenset({"letter_paragraphs", "guidance", "note"})
) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for key, item in value.items() if key not in skip for s in strings(item, skip=skip)]
    if isinstance(value, list):
        return [s for item in value for s in strings(item, skip=skip)]
    return []


@pytest.fixture
def loaded(vesthimmerland_path: Path):
    return read_standard(vesthimmerland_path)


def test_the_file_is_valid(vesthimmerland_path: Path) -> None:
    result = check_files([vesthimmerland_path])
    assert result.ok, [str(p) for p in result.problems]


def test_the_hash_is_stable(loaded, vesthimmerland_path: Path) -> None:
    assert loaded.content_hash == PINNED_HASH
    assert read_standard(vesthimmerland_path).content_hash == PINNED_HASH


@pytest.mark.parametrize("sentence", SEED_SENTENCES)
def test_every_sentence_of_the_standard_is_transcribed(loaded, sentence: str) -> None:
    texts = [re.sub(r"\s+", " ", text) for text in strings(loaded.content)]
    assert any(sentence in text for text in texts)


def test_identification(loaded) -> None:
    spec = loaded.spec
    assert (spec.municipality.code, spec.municipality.slug, spec.municipality.name) == (
        "820",
        "vesthimmerland",
        "Vesthimmerlands Kommune",
    )
    assert (spec.service.code, spec.service.paragraph, spec.service.kle, spec.service.facet) == (
        "sel-104",
        "Serviceloven § 104",
        "27.54.08",
        "G01",
    )
    assert spec.status is Status.PUBLISHED
    assert spec.valid_from == dt.date(2024, 1, 1) and spec.valid_to is None
    assert spec.deciding_unit.code == "bevilling-psykiatri-handicap"
    assert spec.deciding_unit.name == "Bevilling Psykiatri og Handicap"


def test_target_group(loaded) -> None:
    group = loaded.spec.target_group
    age = group.criteria[0].established_by
    assert isinstance(age, Computed) and age.fact is ComputedFact.AGE_ON_DECISION_DATE
    assert (age.min_age, age.max_age) == (18, None)
    basis = group.criteria[1].established_by
    assert isinstance(basis, Computed) and basis.fact is ComputedFact.TARGET_GROUP_BASIS
    assert [b.id for b in group.bases] == ["reduced_function", "social_problems"]
    assert all(isinstance(b.established_by, CaseworkerAssessment) for b in group.bases)
    [exclusion] = group.exclusions
    assert exclusion.established_by.reason_required is True
    assert "som udgangspunkt" in exclusion.text
    assert all("§" in item.citation for item in loaded.spec.criteria_and_exclusions())


def test_deadlines(loaded) -> None:
    deadlines = loaded.spec.deadlines
    assert deadlines.decision.period.describe() == "8 uger"
    assert deadlines.decision.source is DeadlineSource.STANDARD
    assert deadlines.decision_warning_lead.period.describe() == "14 dage"
    assert deadlines.decision_warning_lead.source is DeadlineSource.PROJECT_DEFAULT
    assert deadlines.follow_up.period.describe() == "1 år"
    received = dt.date(2026, 1, 5)
    assert loaded.spec.decision_deadline(received) == dt.date(2026, 3, 2)
    assert loaded.spec.decision_warning_date(received) == dt.date(2026, 2, 16)
    assert loaded.spec.next_follow_up(dt.date(2026, 3, 2)) == dt.date(2027, 3, 2)


def test_policies(loaded) -> None:
    spec = loaded.spec
    assert spec.costs.service_price == 0 and not spec.costs.optional_paid_items_allowed
    assert spec.transport.municipality_pays
    assert not spec.transport.individual_taxi.allowed and spec.transport.individual_taxi.local_service_level
    assert "483/2011" in spec.transport.citation
    assert spec.provider.own_offers_first and spec.provider.individual_assessment
    assert spec.provider.tilbudsportalen.required and "§ 14, stk. 2" in spec.provider.tilbudsportalen.citation
    assert spec.content.goals_required
    assert spec.scope.text == SEED_SENTENCES[8]


def test_letter_paragraphs_fill_in(loaded) -> None:
    spec = loaded.spec
    receipt = spec.letter_paragraph(
        "receipt", received_on="5. januar 2026", deadline_period="8 uger", deadline="2. marts 2026"
    )
    assert "senest 8 uger efter modtagelsen" in receipt and "2. marts 2026" in receipt
    assert spec.letter_paragraph(
        "grant_intro", deciding_unit_name="Bevilling Psykiatri og Handicap"
    ).startswith("Bevilling Psykiatri og Handicap har bevilget dig")
