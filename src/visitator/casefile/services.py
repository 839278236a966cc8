"""Storing a bundle of sagens akter: render, store with the hashes, log; one transaction."""

from __future__ import annotations

import logging

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from visitator.audit.models import AccessAction
from visitator.audit.services import access_log, event_record
from visitator.cases.models import Case
from visitator.core import clock
from visitator.organisation.roles import WRITE_CASES, require_role_in

from .akter import case_akter
from .bundle import NumberedAkt, bundle_render
from .models import CaseFileBundle

logger = logging.getLogger(__name__)


@transaction.atomic
def bundle_store(
    *,
    user: User,
    case: Case,
    purpose: str,
    title: str,
    intro: str,
    items: list[NumberedAkt],
) -> CaseFileBundle:
    """Render the akter as one PDF/A and a zip (`bundle.bundle_render`), store both immutably under
    UUID names with their SHA-256, and log the export and the event. Every item must be an akt of
    this case (`akter.case_akter`). Bad input raises ValidationError (Danish) and writes nothing.

    A double submit is the caller's to stop (e.g. one forwarding per complaint): every call stores a
    new bundle."""
    require_role_in(user, case.municipality_id, *WRITE_CASES)
    case = Case.objects.select_related("municipality", "citizen").get(pk=case.pk)
    errors: dict[str, str] = {}
    if purpose not in CaseFileBundle.Purpose.values:
        errors["purpose"] = _("Ukendt formål med samlingen af akter.")
    if not title.strip():
        errors["title"] = _("Giv samlingen en titel.")
    if not items:
        errors["items"] = _("Vælg de akter, der skal med.")
    else:
        known = {akt.key for akt in case_akter(case)}
        if any(item.akt.key not in known for item in items):
            errors["items"] = _("En af akterne hører ikke til sagen. Dan listen over akter igen.")
    if errors:
        raise ValidationError(errors)
    created_at = clock.now()
    rendered = bundle_render(case=case, title=title.strip(), intro=intro, items=items, created_at=created_at)
    bundle = CaseFileBundle(
        case=case,
        purpose=purpose,
        title=title.strip()[:300],
        created_at=created_at,
        created_by=user,
        pdf_sha256=rendered.pdf_sha256,
        zip_sha256=rendered.zip_sha256,
        pdf_size=len(rendered.pdf),
        zip_size=len(rendered.zip),
        aktliste=rendered.aktliste,
        page_count=rendered.page_count,
    )
    stored: list[str] = []
    try:
        bundle.pdf.save(f"{bundle.id}.pdf", ContentFile(rendered.pdf), save=False)
        stored.append(bundle.pdf.name)
        bundle.zip.save(f"{bundle.id}.zip", ContentFile(rendered.zip), save=False)
        stored.append(bundle.zip.name)
        bundle.save()
        access_log(
            user=user,
            action=AccessAction.EXPORT,
            what="sag: sagens akter",
            case=case,
            detail=str(bundle.id),
        )
        event_record(
            user=user,
            kind="casefile.bundle_stored",
            case=case,
            after={
                "bundle": str(bundle.id),
                "purpose": purpose,
                "akter": len(rendered.aktliste),
                "withheld": {
                    str(row["number"]): row["withheld"] for row in rendered.aktliste if row["withheld"]
                },
                "pdf_sha256": rendered.pdf_sha256,
                "zip_sha256": rendered.zip_sha256,
                "page_count": rendered.page_count,
            },
        )
    except BaseException:
        # The row is rolled back with the transaction; the files are not, so remove them here.
        for name in stored:
            bundle.pdf.storage.delete(name)
        raise
    transaction.on_commit(lambda: logger.info("case file bundle %s stored (%s)", bundle.id, purpose))
    return bundle


__all__ = ["bundle_store"]
