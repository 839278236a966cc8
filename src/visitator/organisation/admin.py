from django.contrib import admin

from .models import Municipality, StaffMembership, Unit


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "slug"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "municipality"]
    list_filter = ["municipality"]


@admin.register(StaffMembership)
class StaffMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit"]
    list_select_related = ["user", "unit"]
