"""Storing a bundle: immutable, hashed, under UUID names, logged; and the download views."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from visitator.audit.models import AccessAction, AccessLog, Event
from visitator.casefile import services
from visitator.casefile.akter import case_akter
from visitator.casefile.bundle import NumberedAkt
from visitator.casefile.bundle import bundle_store as bundle_store_reexport
from visitator.casefile.models import CaseFileBundle
from visitator.core import clock
from visitator.core.append_only import AppendOnlyError
from visitator.organisation.roles import PROVIDER

from .conftest import moment

pytestmark = pytest.mark.django_db

#: Another municipality's data: PermissionDenied without a message (nothing about the data is revealed).
OTHER_MUNICIPALITY = "^$"


def items_of(case):
    return [NumberedAkt(number, akt) for number, akt in enumerate(case_akter(case), start=1)]


def store(user, case, **kwargs):
    kwargs.setdefault("purpose", "forwarding")
    kwargs.setdefault("title", "Klage til Ankestyrelsen")
    kwargs.setdefault("intro", "Kommunen fastholder afgørelsen.")
    kwargs.setdefault("items", items_of(case))
    with clock.frozen(moment(120)):
        return services.bundle_store(user=user, case=case, **kwargs)


@pytest.fixture
def bundle(full_case, caseworker):
    return store(caseworker, full_case.case)


def media_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "casefile"
    return sorted(root.iterdir()) if root.exists() else []


def test_a_stored_bundle_keeps_its_files_under_uuid_names_with_their_hashes(full_case, bundle, settings):
    assert bundle.pdf.name == f"casefile/{bundle.id}.pdf" and bundle.zip.name == f"casefile/{bundle.id}.zip"
    with bundle.pdf.open("rb") as f:
        pdf = f.read()
    with bundle.zip.open("rb") as f:
        archive = f.read()
    assert hashlib.sha256(pdf).hexdigest() == bundle.pdf_sha256 and len(pdf) == bundle.pdf_size
    assert hashlib.sha256(archive).hexdigest() == bundle.zip_sha256 and len(archive) == bundle.zip_size
    assert [row["number"] for row in bundle.aktliste] == list(range(1, 16)) and bundle.akt_count == 15
    names = zipfile.ZipFile(io.BytesIO(archive)).namelist()
    assert names == ["aktliste.pdf", *[row["file"] for row in bundle.aktliste]]
    assert bundle.created_at == moment(120) and bundle.purpose == "forwarding"
    assert bundle.page_count > 15
    with pytest.raises(AppendOnlyError, match="CaseFileBundle er kun til tilføjelse og kan ikke ændres"):
        bundle.save()
    with pytest.raises(AppendOnlyError, match="CaseFileBundle er kun til tilføjelse og kan ikke slettes"):
        bundle.delete()


def test_storing_is_logged_as_an_export_and_an_event(full_case, bundle, caseworker):
    log = AccessLog.objects.filter(case_id=full_case.case.pk, what="sag: sagens akter").get()
    assert (log.action, log.detail, log.user_id) == (AccessAction.EXPORT, str(bundle.id), caseworker.pk)
    event = Event.objects.get(case_id=full_case.case.pk, kind="casefile.bundle_stored")
    assert event.after["bundle"] == str(bundle.id) and event.after["pdf_sha256"] == bundle.pdf_sha256
    assert event.after["akter"] == 15 and event.after["withheld"] == {}
    assert full_case.case.citizen.cpr not in str(event.after)


def test_the_reexport_in_bundle_is_the_same_service(full_case, caseworker):
    with clock.frozen(moment(130)):
        stored = bundle_store_reexport(
            user=caseworker,
            case=full_case.case,
            purpose="access",
            title="Aktindsigt",
            intro="",
            items=items_of(full_case.case)[:2],
        )
    assert stored.purpose == "access" and stored.akt_count == 2


def test_bad_input_changes_nothing(full_case, caseworker, settings):
    case = full_case.case
    with pytest.raises(ValidationError, match="Ukendt formål"):
        store(caseworker, case, purpose="x")
    with pytest.raises(ValidationError, match="Giv samlingen en titel"):
        store(caseworker, case, title="  ")
    with pytest.raises(ValidationError, match="Vælg de akter"):
        store(caseworker, case, items=[])
    assert not CaseFileBundle.objects.exists() and media_files(settings) == []


def test_an_akt_of_another_case_is_refused(full_case, caseworker, make_case):
    with clock.frozen(moment(0)):
        other = make_case()
    from visitator.cases import services as case_services

    with clock.frozen(moment(1)):
        case_services.journal_note_add(user=caseworker, case=other, text="Et andet notat.")
    foreign = items_of(other)
    with pytest.raises(ValidationError, match="hører ikke til sagen"):
        store(caseworker, full_case.case, items=[*items_of(full_case.case), NumberedAkt(16, foreign[0].akt)])
    assert not CaseFileBundle.objects.exists()


def test_only_caseworkers_of_the_municipality_store(
    full_case, team_leader, other_caseworker, make_user, unit
):
    with pytest.raises(PermissionDenied, match="Du har ikke adgang til denne funktion"):
        store(team_leader, full_case.case)
    with pytest.raises(PermissionDenied, match=OTHER_MUNICIPALITY):
        store(other_caseworker, full_case.case)
    with pytest.raises(PermissionDenied, match="Du har ikke adgang til denne funktion"):
        store(make_user(PROVIDER, unit), full_case.case)
    assert not CaseFileBundle.objects.exists()


def test_the_files_are_removed_when_the_transaction_fails(full_case, caseworker, settings, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("event log down")

    monkeypatch.setattr(services, "event_record", broken)
    with pytest.raises(RuntimeError, match="event log down"):
        store(caseworker, full_case.case)
    assert not CaseFileBundle.objects.exists()
    assert media_files(settings) == []


# -- downloads --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content_type"), [("bundle_pdf", "application/pdf"), ("bundle_zip", "application/zip")]
)
@pytest.mark.parametrize("who", ["caseworker", "team_leader"])
def test_staff_download_a_bundle_and_the_download_is_logged(client, bundle, who, name, content_type, request):
    user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.get(reverse(f"casefile:{name}", args=[bundle.id]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Cache-Control"] == "no-store"
    which = "pdf" if name == "bundle_pdf" else "zip"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{bundle.case.number}-sagens-akter-ankestyrelsen.{which}"'
    )
    expected = bundle.pdf_sha256 if which == "pdf" else bundle.zip_sha256
    assert hashlib.sha256(response.content).hexdigest() == expected
    log = AccessLog.objects.filter(user_id=user.pk, action=AccessAction.DOWNLOAD).get()
    assert (log.what, log.detail, log.case_id) == (
        f"sag: sagens akter ({which})",
        str(bundle.id),
        bundle.case_id,
    )
    assert bundle.case.citizen.cpr not in response["Content-Disposition"]


@pytest.mark.parametrize("name", ["bundle_pdf", "bundle_zip"])
def test_another_municipality_gets_404_a_provider_403_and_nothing_is_logged(
    client, bundle, other_caseworker, make_user, unit, name
):
    url = reverse(f"casefile:{name}", args=[bundle.id])
    client.force_login(other_caseworker)
    assert client.get(url).status_code == 404
    client.force_login(make_user(PROVIDER, unit))
    assert client.get(url).status_code == 403
    assert not AccessLog.objects.filter(action=AccessAction.DOWNLOAD).exists()
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_an_unknown_bundle_is_404(client, caseworker):
    import uuid

    client.force_login(caseworker)
    assert client.get(reverse("casefile:bundle_pdf", args=[uuid.uuid4()])).status_code == 404


def test_a_file_changed_on_disk_is_never_handed_out(client, bundle, caseworker):
    from visitator.casefile.selectors import BundleIntegrityError

    with open(bundle.pdf.path, "ab") as f:
        f.write(b"tampered")
    client.force_login(caseworker)
    client.raise_request_exception = True
    with pytest.raises(BundleIntegrityError, match="stored pdf does not match its SHA-256"):
        client.get(reverse("casefile:bundle_pdf", args=[bundle.id]))


def test_the_case_page_lists_the_akter_and_the_stored_bundles(client, full_case, bundle, caseworker):
    client.force_login(caseworker)
    url = reverse("casefile:case_akter", args=[full_case.case.id])
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    for akt in case_akter(full_case.case):
        assert akt.title.replace("(", "").split()[0] in page
    assert "Lægeerklæring" in page and "Afgørelse: Afslag" in page and "Telefonsamtale" in page
    assert reverse("casefile:bundle_pdf", args=[bundle.id]) in page
    assert reverse("casefile:bundle_zip", args=[bundle.id]) in page
    assert f'href="{url}" aria-current="page"' in page  # the case navigation
    assert AccessLog.objects.filter(
        user_id=caseworker.pk, action=AccessAction.VIEW, case_id=full_case.case.pk
    ).exists()


def test_the_case_page_is_404_for_another_municipality_and_403_for_a_provider(
    client, full_case, other_caseworker, make_user, unit
):
    url = reverse("casefile:case_akter", args=[full_case.case.id])
    client.force_login(other_caseworker)
    assert client.get(url).status_code == 404
    client.force_login(make_user(PROVIDER, unit))
    assert client.get(url).status_code == 403
