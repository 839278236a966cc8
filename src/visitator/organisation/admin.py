from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

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


# Roles are groups (organisation.roles): a permission given to one user is never asked for, so the
# user form does not offer them (their names are Django's, in English).
admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    fieldsets = tuple(
        (name, {**options, "fields": tuple(f for f in options["fields"] if f != "user_permissions")})
        for name, options in UserAdmin.fieldsets or ()
    )
