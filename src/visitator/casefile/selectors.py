"""Reading stored bundles of sagens akter: permission-filtered; downloads leave access-log rows."""

from __future__ import annotations

import hashlib
import uuid

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction

from visitator.audit.models import AccessAction
from visitator.audit.services import access_log
from visitator.cases.models import Case
from visitator.organisation.roles import READ_CASES, require_role

from .models import CaseFileBundle

PDF = "pdf"
ZIP = "zip"


class BundleIntegrityError(RuntimeError):
    """A stored file no longer matches the SHA-256 recorded when the bundle was stored."""


def bundles_for_case(case: Case) -> list[CaseFileBundle]:
    """The bundles stored for a case, oldest first (for a page that has already checked access)."""
    return list(
        CaseFileBundle.objects.filter(case=case).select_related("created_by").order_by("created_at", "id")
    )


def bundle_get(*, user: User | AnonymousUser, bundle_id: uuid.UUID) -> CaseFileBundle:
    """One bundle of a case in the user's municipality; CaseFileBundle.DoesNotExist otherwise.
    PermissionDenied for a user without access to cases (providers, the transport office)."""
    membership = require_role(user, *READ_CASES)
    return CaseFileBundle.objects.select_related("case", "case__municipality", "case__citizen").get(
        id=bundle_id, case__municipality_id=membership.unit.municipality_id
    )


def bundle_file(bundle: CaseFileBundle, which: str) -> bytes:
    """The stored PDF or zip, after checking it against the recorded SHA-256."""
    field, expected = (bundle.pdf, bundle.pdf_sha256) if which == PDF else (bundle.zip, bundle.zip_sha256)
    with field.open("rb") as stored:
        data: bytes = stored.read()
    if hashlib.sha256(data).hexdigest() != expected:
        raise BundleIntegrityError(f"bundle {bundle.id}: stored {which} does not match its SHA-256")
    return data


@transaction.atomic
def bundle_download(
    *, user: User | AnonymousUser, bundle_id: uuid.UUID, which: str
) -> tuple[CaseFileBundle, bytes]:
    """A bundle and its checked PDF or zip; the download is access-logged."""
    bundle = bundle_get(user=user, bundle_id=bundle_id)
    data = bundle_file(bundle, which)
    access_log(
        user=user,
        action=AccessAction.DOWNLOAD,
        what=f"sag: sagens akter ({which})",
        case=bundle.case,
        detail=str(bundle.id),
    )
    return bundle, data
