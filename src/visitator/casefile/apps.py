from django.apps import AppConfig


class CaseFileConfig(AppConfig):
    name = "visitator.casefile"
    label = "casefile"
    verbose_name = "Sagens akter"
