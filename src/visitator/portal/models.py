"""Who logs in to the portal, and as whom they may act.

A portal login is a Django user with a `PortalAccount`: the CPR number the identity provider vouched for
(NemLog-in's CPR claim), never a password, never a group or a staff membership. Staff users have no
PortalAccount, so the two kinds of session never reach each other's pages (portal.access).

A representative (fuldmagt, værge; people.Representative) logs in with their own MitID. The
caseworker records the CPR number they log in with as a `RepresentativeLogin`; the representative then
sees and acts for that citizen while the representation is in force, logged as themselves.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PortalAccount(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portal_account"
    )
    #: The CPR number of the last login (the identity provider's CPR claim). Never shown, never logged.
    cpr = models.CharField(max_length=10, unique=True)
    #: The name the identity provider gave at the last login.
    name = models.CharField(max_length=200, blank=True)
    #: The assurance level of the last login (NSIS: Substantial or High).
    last_loa = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("portalkonto")
        verbose_name_plural = _("portalkonti")

    def __str__(self) -> str:
        return self.name or self.user.get_username()


class RepresentativeLogin(models.Model):
    """The CPR number a representative logs in to the portal with (recorded by the caseworker)."""

    representative = models.OneToOneField(
        "people.Representative",
        on_delete=models.CASCADE,
        related_name="portal_login",
        verbose_name=_("repræsentant"),
    )
    cpr = models.CharField(_("repræsentantens CPR-nummer"), max_length=10, db_index=True)

    class Meta:
        verbose_name = _("repræsentants login")
        verbose_name_plural = _("repræsentanters login")

    def __str__(self) -> str:
        return str(self.representative)
