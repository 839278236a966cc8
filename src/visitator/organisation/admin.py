from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from .models import DecisionKind, Municipality, StaffMembership, Unit


class MunicipalityForm(forms.ModelForm):
    """The municipality's settings; the four-eyes rule as one checkbox per kind of decision."""

    second_approval_for = forms.MultipleChoiceField(
        label=_("Afgørelser, som en kollega skal godkende (fire øjne)"),
        choices=DecisionKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=Municipality._meta.get_field("second_approval_for").help_text,
    )

    class Meta:
        model = Municipality
        fields = ["name", "code", "slug", "second_approval_for"]

    def clean_second_approval_for(self) -> list[str]:
        chosen = set(self.cleaned_data.get("second_approval_for") or [])
        # Kept in the list's order, so that the same choice always saves the same value.
        return [value for value in DecisionKind.values if value in chosen]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    form = MunicipalityForm
    list_display = ["name", "code", "slug", "second_approval"]

    @admin.display(description=_("Godkendelse af en kollega"))
    def second_approval(self, obj: Municipality) -> Any:
        return ", ".join(obj.second_approval_labels) or "–"


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
