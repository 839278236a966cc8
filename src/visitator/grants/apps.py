from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "visitator.grants"
    label = "grants"
    verbose_name = "Bevillinger og opfølgning"
