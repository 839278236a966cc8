"""A citizen never reaches another citizen's data: every portal page with a citizen in its address is
asked for as two citizens and as a representative of only the first; the other's answers 404. Every
page shown writes its access-log row, with the portal user and the citizen."""

from __future__ import annotations

from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from visitator.audit.models import AccessLog
from visitator.portal.models import PortalAccount

from .conftest import oidc_login

#: The rows each page writes (action, what); mirrors tests/audit/test_access_log_table.PORTAL_READS.
ROWS = {
    "portal:citizen": ("view", "portal: sager"),
    "portal:case": ("view", "portal: sag"),
    "portal:letter": ("download", "portal: brev"),
    "portal:access_log": ("view", "portal: adgangslog"),
    "portal:apply": ("view", "portal: ansøgning, udfyld"),
    "portal:apply_receipt": ("view", "portal: kvittering"),
    # Without a filled-in form the review step sends the user back to the form (no data shown).
    "portal:apply_review": None,
}


def _portal_pages_with_a_citizen() -> set[str]:
    [portal] = [
        p for p in get_resolver().url_patterns if isinstance(p, URLResolver) and p.namespace == "portal"
    ]
    return {f"portal:{p.name}" for p in portal.url_patterns if "citizen_id" in str(p.pattern)}


def _urls(world, who: str) -> dict[str, str]:
    citizen = world[who]
    case = world[f"{who}_case"]
    letter = world[f"{who}_letter"]
    return {
        "portal:citizen": reverse("portal:citizen", args=[citizen.id]),
        "portal:case": reverse("portal:case", args=[citizen.id, case.id]),
        "portal:letter": reverse("portal:letter", args=[citizen.id, case.id, letter.id]),
        "portal:access_log": reverse("portal:access_log", args=[citizen.id]),
        "portal:apply": reverse("portal:apply", args=[citizen.id]),
        "portal:apply_review": reverse("portal:apply_review", args=[citizen.id]),
        "portal:apply_receipt": reverse("portal:apply_receipt", args=[citizen.id, case.id]),
    }


#: POST-only pages, asked as the other citizen in their own tests (test_hearing.py, test_complaint.py).
POST_ONLY = {"portal:hearing_answer", "portal:complain", "portal:file_access"}


def test_the_table_covers_every_portal_page_with_a_citizen():
    assert _portal_pages_with_a_citizen() == set(ROWS) | POST_ONLY


def test_each_sees_only_their_own_and_the_representative_only_the_represented(world):
    logins = {"anna": "anna_id", "bent": "bent_id", "representative": "rep_id"}
    may_see = {"anna": {"anna"}, "bent": {"bent"}, "representative": {"anna"}}
    problems = []
    for who, identity_key in logins.items():
        client = Client()
        oidc_login(client, world[identity_key], world["url"])
        user = PortalAccount.objects.get(name=world[identity_key].name).user
        for owner in ("anna", "bent"):
            for name, url in _urls(world, owner).items():
                before = AccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
                response = client.get(url)
                written = list(AccessLog.objects.filter(id__gt=before))
                if owner in may_see[who] and ROWS[name] is None:
                    if response.status_code != 302:
                        problems.append(f"{who} -> {owner} {name}: {response.status_code}, expected 302")
                elif owner in may_see[who]:
                    if response.status_code != 200:
                        problems.append(f"{who} -> {owner} {name}: {response.status_code}, expected 200")
                    rows = [r for r in written if (r.action, r.what) == ROWS[name]]
                    if not rows or any(r.user_id != user.id or r.citizen_id != world[owner].id for r in rows):
                        problems.append(
                            f"{who} -> {owner} {name}: no access-log row for the user and citizen"
                        )
                    if (
                        name in ("portal:case", "portal:letter")
                        and rows[0].case_id != world[f"{owner}_case"].id
                    ):
                        problems.append(f"{who} -> {owner} {name}: the row does not name the case")
                    expected = "repræsentant" if who == "representative" else "borgeren selv"
                    if rows and expected not in rows[0].detail:
                        problems.append(f"{who} -> {owner} {name}: detail {rows[0].detail!r}")
                else:
                    if response.status_code not in (403, 404):
                        problems.append(f"{who} -> {owner} {name}: {response.status_code}, expected 403/404")
                    if written:
                        problems.append(f"{who} -> {owner} {name}: a refused page wrote {len(written)} rows")
    assert problems == [], "\n".join(problems)


def test_the_representative_chooses_between_themselves_and_the_represented(world):
    client = Client()
    response = oidc_login(client, world["rep_id"], world["url"])
    # The representative is no citizen here, so the one person to act for opens at once.
    assert response.request["PATH_INFO"] == reverse("portal:citizen", args=[world["anna"].id])
    text = response.content.decode()
    assert "Du handler på vegne af Anna Jensen (testperson) som partsrepræsentant med fuldmagt." in text


def test_an_ended_representation_gives_no_access(world, caseworker):
    import datetime as dt

    from visitator.core import clock
    from visitator.people.models import Representative

    Representative.objects.filter(pk=world["representative"].pk).update(
        valid_to=clock.today() - dt.timedelta(days=1)
    )
    client = Client()
    oidc_login(client, world["rep_id"], world["url"])
    assert client.get(reverse("portal:citizen", args=[world["anna"].id])).status_code == 404
