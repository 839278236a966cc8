from django.apps import AppConfig


class DevIdpConfig(AppConfig):
    """A local OpenID Connect provider for development and tests (django-oauth-toolkit). Installed only
    when VISITATOR_DEV=1 (settings.PORTAL_DEV_IDP); never in production."""

    name = "visitator.devidp"
    label = "devidp"
    verbose_name = "Udviklings-IdP"
