from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "visitator.api"
    label = "api"
    verbose_name = "REST API"
