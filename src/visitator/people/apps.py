from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "visitator.people"
    label = "people"
    verbose_name = "Borgere"
