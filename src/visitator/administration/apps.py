from django.apps import AppConfig


class AdministrationConfig(AppConfig):
    name = "visitator.administration"
    label = "administration"
    verbose_name = "Administration"
