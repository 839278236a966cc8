"""Admin: standard versions are loaded from files (`visitator standard load`), never typed in.

Published versions are view-only. A draft can be deleted (e.g. a mistaken draft), not edited:
edit the file and load it again.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import StandardVersion


@admin.register(StandardVersion)
class StandardVersionAdmin(admin.ModelAdmin):
    list_display = [
        "municipality",
        "service_code",
        "version",
        "valid_from",
        "valid_to",
        "status",
        "short_hash",
    ]
    list_filter = ["status", "service_code", "municipality"]
    list_select_related = ["municipality"]
    search_fields = ["service_code", "version", "municipality__name"]
    readonly_fields = (
        "municipality",
        "service_code",
        "version",
        "valid_from",
        "valid_to",
        "status",
        "deadlines",
        "content_hash",
        "source_path",
        "loaded_at",
        "content",
    )
    fields = readonly_fields
    actions = None

    @admin.display(description=_("kontrolsum"))
    def short_hash(self, obj: StandardVersion) -> str:
        return obj.content_hash[:12]

    @admin.display(description=_("frister"))
    def deadlines(self, obj: StandardVersion) -> str:
        deadlines = obj.spec.deadlines
        return _("afgørelse: %(decision)s; varsling: %(lead)s før; opfølgning: %(follow_up)s") % {
            "decision": deadlines.decision.period.describe(),
            "lead": deadlines.decision_warning_lead.period.describe(),
            "follow_up": deadlines.follow_up.period.describe(),
        }

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_published:
            return False
        return super().has_delete_permission(request, obj)
