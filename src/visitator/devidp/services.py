"""Setting up the development identity provider: the portal as its client, and the identities one can
log in as (the demo citizens, a representative, and one login at too low an assurance level)."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from oauth2_provider.models import get_application_model

from visitator.people.models import Citizen, Representative

from .models import AssuranceLevel, DevIdentity

#: A fictitious person who logs in at NSIS "Low" (the portal refuses the login).
LOW_ASSURANCE_NAME = "Lars Lavniveau (testperson)"
DEMO_REPRESENTATIVE_NAME = "Birthe Fuldmagt (testperson)"


def _identity(cpr: str, name: str, description: str, loa: str = AssuranceLevel.SUBSTANTIAL) -> DevIdentity:
    existing = DevIdentity.objects.filter(cpr=cpr, loa=loa).first()
    if existing is not None:
        if (existing.name, existing.description) != (name, description):
            existing.name, existing.description = name, description
            existing.save(update_fields=["name", "description"])
        return existing
    user = User.objects.create_user(f"devidp-{uuid.uuid4().hex[:12]}")
    user.set_unusable_password()
    user.save(update_fields=["password"])
    return DevIdentity.objects.create(user=user, cpr=cpr, name=name, description=description, loa=loa)


def client_register(redirect_uris: Iterable[str]) -> None:
    """The portal as the provider's confidential client (client id and secret from settings)."""
    application_model = get_application_model()
    uris = " ".join(dict.fromkeys(redirect_uris))
    application = application_model.objects.filter(client_id=settings.PORTAL_OIDC_RP_CLIENT_ID).first()
    if application is None:
        application = application_model(client_id=settings.PORTAL_OIDC_RP_CLIENT_ID)
    application.name = "Visitator selvbetjening (udvikling)"
    application.client_type = application_model.CLIENT_CONFIDENTIAL
    application.authorization_grant_type = application_model.GRANT_AUTHORIZATION_CODE
    application.algorithm = application_model.RS256_ALGORITHM
    application.client_secret = settings.PORTAL_OIDC_RP_CLIENT_SECRET
    application.redirect_uris = uris
    application.skip_authorization = False
    application.save()


@transaction.atomic
def identities_sync(*, demo_representative: bool = True) -> list[DevIdentity]:
    """An identity for every test person, every representative with a portal login, and one at too
    low an assurance level. With `demo_representative`, the first test person with a case gets a
    partsrepræsentant with fuldmagt who can log in (demo data only)."""
    from visitator.portal.models import RepresentativeLogin
    from visitator.portal.services import representative_login_set

    rng = random.Random(9104)
    made: list[DevIdentity] = []
    citizens = Citizen.objects.filter(is_test_person=True).order_by("last_name", "first_name", "id")
    for citizen in citizens:
        made.append(_identity(citizen.cpr, citizen.full_name, f"borger i {citizen.municipality.name}"))
    if demo_representative and not RepresentativeLogin.objects.exists():
        first = citizens.filter(cases__isnull=False).first()
        first_case = first.cases.first() if first is not None else None
        worker = first_case.registered_by if first_case is not None else None
        if first is not None and worker is not None:
            from visitator.demo.data import fictitious_cpr
            from visitator.people.services import representative_add

            representative = representative_add(
                user=worker,
                citizen=first,
                kind=Representative.Kind.POWER_OF_ATTORNEY,
                name=DEMO_REPRESENTATIVE_NAME,
                valid_from=dt.date(2026, 1, 1),
                power_of_attorney_received=dt.date(2026, 1, 1),
                address_line="Fuldmagtsvej 1",
                postcode="9600",
                city="Aars",
            )
            representative_login_set(user=worker, representative=representative, cpr=fictitious_cpr(rng))
    for login in RepresentativeLogin.objects.select_related("representative__citizen"):
        rep = login.representative
        made.append(
            _identity(
                login.cpr,
                rep.name,
                f"{rep.get_kind_display()} for {rep.citizen.full_name}",
            )
        )
    from visitator.demo.data import fictitious_cpr

    made.append(
        _identity(
            fictitious_cpr(rng), LOW_ASSURANCE_NAME, "MitID på lavt niveau (afvises)", AssuranceLevel.LOW
        )
    )
    return made
