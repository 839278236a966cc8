from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StandardsConfig(AppConfig):
    name = "visitator.standards"
    label = "standards"
    verbose_name = _("Kvalitetsstandarder")
    default_auto_field = "django.db.models.BigAutoField"
