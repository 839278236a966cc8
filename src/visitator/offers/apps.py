from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "visitator.offers"
    label = "offers"
    verbose_name = "Tilbud og leverandører"
