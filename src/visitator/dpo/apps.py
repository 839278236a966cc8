from django.apps import AppConfig


class DpoConfig(AppConfig):
    name = "visitator.dpo"
    label = "dpo"
    verbose_name = "Adgangsloggen for databeskyttelsesrådgiveren"
