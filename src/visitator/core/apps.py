from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "visitator.core"
    label = "core"
    verbose_name = "Visitator"
