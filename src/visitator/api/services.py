"""Creating and revoking API tokens (the administrator, or the console: `visitator api-token`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from visitator.audit.services import event_record
from visitator.core import clock
from visitator.organisation.roles import find_membership

from .models import PREFIX_LENGTH, ApiToken, Scope, hash_key, new_key


@transaction.atomic
def api_token_create(
    *,
    user: User,
    name: str,
    scopes: Iterable[str],
    expires_at: dt.datetime | None = None,
    created_by: User | None = None,
) -> tuple[ApiToken, str]:
    """A new token for the service account `user`; returns the token and its key, which is shown once
    and never stored. ValidationError (Danish) for an unknown scope or a user outside the organisation."""
    chosen = sorted(set(scopes))
    unknown = [s for s in chosen if s not in Scope.values]
    if unknown:
        raise ValidationError(_("Ukendte adgange: %(scopes)s.") % {"scopes": ", ".join(unknown)})
    if not chosen:
        raise ValidationError(_("Vælg mindst én adgang."))
    if not name.strip():
        raise ValidationError(_("Giv klienten et navn."))
    membership = find_membership(user)
    if membership is None:
        raise ValidationError(_("Servicekontoen skal være tilknyttet en enhed."))
    key = new_key()
    token = ApiToken.objects.create(
        name=name.strip()[:100],
        user=user,
        prefix=key[:PREFIX_LENGTH],
        key_hash=hash_key(key),
        scopes=chosen,
        expires_at=expires_at,
    )
    event_record(
        user=created_by,
        kind="api_token_created",
        municipality=membership.unit.municipality,
        after={"token": str(token.id), "name": token.name, "user": user.get_username(), "scopes": chosen},
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, revoked_by: User | None = None) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
        membership = find_membership(token.user)
        event_record(
            user=revoked_by,
            kind="api_token_revoked",
            municipality=membership.unit.municipality if membership else None,
            after={"token": str(token.id), "name": token.name},
        )
    return token
