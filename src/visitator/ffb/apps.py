from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FfbConfig(AppConfig):
    name = "visitator.ffb"
    label = "ffb"
    verbose_name = _("Fælles Faglige Begreber (FFB)")
    default_auto_field = "django.db.models.BigAutoField"
