from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProviderConfig(AppConfig):
    """The provider's view (leverandørens visning): the citizens ordered to the provider's own offers."""

    name = "visitator.provider"
    label = "provider"
    verbose_name = _("Leverandør")
