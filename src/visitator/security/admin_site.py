"""The Django admin is the platform operator's tool: only an active superuser may open it.

A municipality's administrator (organisation.roles.ADMINISTRATOR) manages the users of its own
municipality through the administration pages, which limit the roles it may hand out; staff status or
model permissions alone never open the admin.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest


class PlatformAdminSite(admin.AdminSite):
    site_header = "Visitator – platformsadministration"
    site_title = "Visitator"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_superuser)
