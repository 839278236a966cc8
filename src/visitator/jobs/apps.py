from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "visitator.jobs"
    label = "jobs"
    verbose_name = "Baggrundsjob"
