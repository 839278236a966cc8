from django.apps import AppConfig


class MaintenanceConfig(AppConfig):
    name = "visitator.maintenance"
    label = "maintenance"
    verbose_name = "Drift"
