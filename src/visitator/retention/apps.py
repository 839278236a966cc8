from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "visitator.retention"
    label = "retention"
    verbose_name = "Opbevaring og sletning"
