from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The citizen's own pages under /borger/ (docs/portal.md). Sits on top of the domain apps and only
    calls their services and selectors."""

    name = "visitator.portal"
    label = "portal"
    verbose_name = "Borgerportal"
