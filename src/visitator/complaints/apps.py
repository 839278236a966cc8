from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "visitator.complaints"
    label = "complaints"
    verbose_name = "Klager, genvurdering og Ankestyrelsen"
