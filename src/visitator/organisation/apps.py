from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "visitator.organisation"
    label = "organisation"
    verbose_name = "Organisation"
