"""The people one can log in as at the development identity provider.

Each identity is a person as NemLog-in would describe them: a CPR number, a name and the assurance level
of the login (NSIS: Low, Substantial, High). django-oauth-toolkit keys its grants and tokens to a Django
user, so every identity has one (no password, no groups, no staff membership: it can log in nowhere but
here, and only here through the identity chooser). The portal never reads these rows: it gets the
identity from the signed ID token, as it would from NemLog-in.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AssuranceLevel(models.TextChoices):
    LOW = "Low", _("Lav")
    SUBSTANTIAL = "Substantial", _("Betydelig")
    HIGH = "High", _("Høj")


class DevIdentity(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="devidp_identity"
    )
    cpr = models.CharField(_("CPR-nummer"), max_length=10)
    name = models.CharField(_("navn"), max_length=200)
    description = models.CharField(_("beskrivelse"), max_length=300, blank=True)
    loa = models.CharField(
        _("sikringsniveau"), max_length=20, choices=AssuranceLevel.choices, default=AssuranceLevel.SUBSTANTIAL
    )

    class Meta:
        verbose_name = _("testidentitet")
        verbose_name_plural = _("testidentiteter")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name
