from django.apps import AppConfig
from django.db.models.signals import post_save


class CasesConfig(AppConfig):
    name = "visitator.cases"
    label = "cases"
    verbose_name = "Sager"

    def ready(self) -> None:
        from .signals import citizen_saved

        post_save.connect(citizen_saved, sender="people.Citizen", dispatch_uid="cases.citizen_sort_name")
