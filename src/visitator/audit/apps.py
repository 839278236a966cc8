from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "visitator.audit"
    label = "audit"
    verbose_name = "Logning"
