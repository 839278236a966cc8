from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "visitator.cases"
    label = "cases"
    verbose_name = "Sager"
