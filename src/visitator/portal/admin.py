from django.contrib import admin

from .models import RepresentativeLogin


@admin.register(RepresentativeLogin)
class RepresentativeLoginAdmin(admin.ModelAdmin):
    """The platform operator's view. Caseworkers record a representative's login through
    portal.services.representative_login_set (access-logged)."""

    list_display = ["representative"]
    raw_id_fields = ["representative"]
