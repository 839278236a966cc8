"""The Django admin's own titles, in Danish (the models' labels are on the models)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Visitator – administration")
admin.site.site_title = _("Visitator")
admin.site.index_title = _("Administration")
