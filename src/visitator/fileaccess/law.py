"""What the LAW says about a party's access to the file (partsaktindsigt), each rule with its citation.

FVL = forvaltningsloven (LBK nr. 433 af 22. april 2014, as amended; chapter 4, §§ 9-18, as worded
since lov nr. 638 af 12. juni 2013 took effect on 1 January 2014). A rule marked ``check=True`` was not
read in the primary source's current wording: the guide says so and it stays visible as such.

Where each rule was seen (public copies, searched December 2026):

* § 9, stk. 2: the right covers all documents of the case "med de i §§ 12-15 b nævnte undtagelser"
  (elov.dk, the consolidated § 9).
* § 10 is the *meroffentlighed* principle (consider giving access beyond §§ 12-15 b unless other law
  forbids it), not a list of documents outside the right (elov.dk, the consolidated § 10); § 11 excepts
  whole kinds of cases.
* §§ 12-13: internal documents; § 14 a: facts relevant to the decision must be extracted from documents
  withheld under § 12 and § 14 (ekstrahering); § 15 c: when §§ 15-15 b concern only part of a document,
  the party gets the rest (Medarbejder- og Kompetencestyrelsen's personaleadministrative vejledning,
  pkt. 9.1.6.3-9.1.6.4).
* § 15: "Retten til aktindsigt kan begrænses på grund af afgørende hensyn til statens sikkerhed eller
  rigets forsvar, medmindre partens interesse i at kunne benytte kendskab til sagens dokumenter til
  varetagelse af sit tarv taler imod." (danskelove.dk).
* § 16, stk. 2: the 7 working days and the notice, see `NOTICE_AFTER`.
* Complaints: FOB 2020-21 (Folketingets Ombudsmand, 26 May 2020): no complaint deadline for decisions on
  access under forvaltningsloven; the social retssikkerhedslov's complaint rules (4 weeks, genvurdering)
  do not apply; a complaint about partsaktindsigt goes directly to the body that is the complaint body
  for the decision of the case the request concerns. FOB 2006.410 (no 4-week deadline either).
"""

from __future__ import annotations

from visitator.core.law import LawRule

# -- the right ----------------------------------------------------------------------------------------

#: A party to a case in which a decision is or will be made may see the case's documents.
ACCESS_RIGHT: LawRule[str] = LawRule(
    "partens ret til aktindsigt i sagens dokumenter", "Forvaltningsloven § 9"
)

#: Consider giving access beyond the exceptions (meroffentlighed), unless other law forbids it.
EXTENDED_ACCESS: LawRule[str] = LawRule(
    "meroffentlighed: aktindsigt i videre omfang, end loven giver ret til", "Forvaltningsloven § 10"
)

# -- the deadline ---------------------------------------------------------------------------------------

#: FVL § 16, stk. 2, as we read it: "Er en anmodning om aktindsigt ikke imødekommet eller afslået inden
#: 7 arbejdsdage efter, at anmodningen er modtaget af myndigheden, skal myndigheden underrette den
#: pågældende om grunden hertil samt om, hvornår en afgørelse kan forventes at foreligge."
#: Seen: the rule and its 7 working days (municipal guidance citing "forvaltningsloven § 16, stk. 2", e.g.
#: Lejre Kommune), and the provision's wording before 2014 ("Er en begæring om aktindsigt ikke afslået
#: eller imødekommet inden 10 dage efter, at den er modtaget af vedkommende myndighed, ... underrette den
#: pågældende om grunden hertil samt om, hvornår en afgørelse kan forventes at foreligge",
#: Offentlighedskommissionens betænkning 1510/2009, kap. 22, pkt. 4.3.1). The current wording itself
#: was not seen in retsinformation: check.
#: The notice is due ON the 7th working day after receipt (the day of receipt is not counted), when the
#: request is still unanswered; the product asks for it from that day, never the day before.
#: The value is the number of working days (`visitator.core.workdays`: weekends, public holidays,
#: Grundlovsdag, 24 and 31 December are not working days).
NOTICE_AFTER: LawRule[int] = LawRule(7, "Forvaltningsloven § 16, stk. 2", check=True)

# -- the grounds for withholding --------------------------------------------------------------------------


#: The grounds on which a document may be withheld in whole or in part, by key. The value is the short
#: Danish description a caseworker picks and a letter prints after the citation.
WITHHOLDING_GROUNDS: dict[str, LawRule[str]] = {
    "fvl_12": LawRule(
        "interne dokumenter, fx interne arbejdsdokumenter, der ikke er givet til nogen uden for kommunen",
        "Forvaltningsloven § 12",
    ),
    "fvl_14": LawRule(
        "særlige dokumenter, fx brevveksling med sagkyndige til brug i en retssag eller ved overvejelse af, "
        "om en retssag skal føres",
        "Forvaltningsloven § 14",
        check=True,
    ),
    "fvl_15": LawRule(
        "afgørende hensyn til statens sikkerhed eller rigets forsvar",
        "Forvaltningsloven § 15",
    ),
    "fvl_15a": LawRule(
        "afgørende hensyn til dig selv eller til andre private interesser, fx oplysninger om andre "
        "personers private forhold",
        "Forvaltningsloven § 15 a",
        check=True,
    ),
    "fvl_15b": LawRule(
        "afgørende hensyn til offentlige interesser, fx forebyggelse, efterforskning og forfølgning af "
        "lovovertrædelser eller gennemførelse af offentlig kontrol",
        "Forvaltningsloven § 15 b",
        check=True,
    ),
}

#: Partial access: the facts relevant to the decision are extracted from a document withheld as internal
#: (§§ 12 and 14: FVL § 14 a); a document where §§ 15-15 b concern only part is given for the rest (§ 15 c).
EXTRACT_INTERNAL: LawRule[str] = LawRule(
    "oplysninger om sagens faktiske grundlag i et undtaget internt dokument udleveres (ekstrahering)",
    "Forvaltningsloven § 14 a",
)
EXTRACT_PARTLY: LawRule[str] = LawRule(
    "gælder undtagelsen kun en del af et dokument, udleveres resten", "Forvaltningsloven § 15 c"
)

#: Which extraction rule applies to a document withheld in part on each ground.
EXTRACT_RULE_BY_GROUND: dict[str, LawRule[str]] = {
    "fvl_12": EXTRACT_INTERNAL,
    "fvl_14": EXTRACT_INTERNAL,
    "fvl_15": EXTRACT_PARTLY,
    "fvl_15a": EXTRACT_PARTLY,
    "fvl_15b": EXTRACT_PARTLY,
}

# -- begrundelse and klagevejledning --------------------------------------------------------------------

#: A written refusal (in whole or part) carries a begrundelse with the rules applied (FVL §§ 22 and 24).
REASONS: LawRule[None] = LawRule(None, "Forvaltningsloven §§ 22 og 24")

#: A complaint about a decision on partsaktindsigt goes directly to the complaint body for the case's own
#: decision; for a decision under serviceloven that is Ankestyrelsen (retssikkerhedsloven kapitel 10).
#: Seen: FOB 2020-21. The paragraph number (§ 16, stk. 4) was not seen in the current wording: check.
COMPLAINT_BODY: LawRule[str] = LawRule(
    "Ankestyrelsen",
    "Forvaltningsloven § 16, stk. 4; Folketingets Ombudsmand FOB 2020-21",
    check=True,
)

#: No complaint deadline: neither forvaltningsloven nor the social retssikkerhedslov sets one for a
#: decision on access (FOB 2020-21; FOB 2006.410). So `LetterBody.complaint_deadline` stays None.
COMPLAINT_DEADLINE: LawRule[None] = LawRule(
    None, "Ingen klagefrist (Folketingets Ombudsmand FOB 2020-21 og FOB 2006.410)"
)

#: Ankestyrelsen's postal address for complaints (ast.dk, "Klagevejledning"): check before printing.
COMPLAINT_ADDRESS: LawRule[str] = LawRule("Ankestyrelsen, 7998 Statsservice", "ast.dk", check=True)
