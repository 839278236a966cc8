from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "visitator.decisions"
    label = "decisions"
    verbose_name = "Partshøring og afgørelser"
