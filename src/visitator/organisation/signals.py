"""After every `migrate`: the administrator role gets the Django admin permissions it needs.

Permissions are created by Django's own post_migrate handler, so this runs after it (connected in
OrganisationConfig.ready with the auth app's handler already registered). A user also needs *staff
status* to open /admin/ (docs/operations.md).
"""

from __future__ import annotations

from typing import Any

ADMINISTRATOR_PERMISSIONS = {
    # app label: the models the administrator maintains (add, change, delete, view)
    "offers": ["provider", "offer", "ratetier", "optionalitem"],
    "organisation": ["municipality", "unit", "staffmembership"],
    "grants": ["providermembership"],
}
# Never for the administrator: users, groups and permissions are the platform operator's (the Django
# admin opens for superusers only); the administrator manages its municipality's users on the
# administration pages, limited there (administration.services). Taken away again if ever given.
ADMINISTRATOR_NEVER = ("auth",)
# Read-only for the administrator: the standards are loaded from files, never edited in the admin.
ADMINISTRATOR_VIEW_ONLY = {"standards": ["standardversion"]}


def grant_administrator_permissions(sender: Any = None, **kwargs: Any) -> None:
    from django.contrib.auth.models import Group, Permission

    from .roles import ADMINISTRATOR

    group, _created = Group.objects.get_or_create(name=ADMINISTRATOR)
    for app_label, models in ADMINISTRATOR_PERMISSIONS.items():
        codenames = [
            f"{action}_{model}" for model in models for action in ("add", "change", "delete", "view")
        ]
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )
    group.permissions.remove(*Permission.objects.filter(content_type__app_label__in=ADMINISTRATOR_NEVER))
    for app_label, models in ADMINISTRATOR_VIEW_ONLY.items():
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label, codename__in=[f"view_{m}" for m in models]
            )
        )
