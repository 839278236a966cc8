from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class SecurityConfig(AppConfig):
    default = True
    name = "visitator.security"
    label = "security"
    verbose_name = "Sikkerhed"


class PlatformAdminConfig(admin_apps.AdminConfig):
    """Django's admin, open to the platform operator (superuser) only (issue 11: the municipality's
    administrator works through the product's own pages, limited to its own municipality)."""

    default = False
    default_site = "visitator.security.admin_site.PlatformAdminSite"
