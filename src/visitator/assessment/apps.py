from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "visitator.assessment"
    label = "assessment"
    verbose_name = "Udredning"
