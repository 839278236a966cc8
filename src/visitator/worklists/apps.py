from django.apps import AppConfig


class WorklistsConfig(AppConfig):
    name = "visitator.worklists"
    label = "worklists"
    verbose_name = "Arbejdslister"

    def ready(self) -> None:
        from visitator.cases import extensions

        from . import next_actions

        for source in next_actions.SOURCES:
            extensions.register_next_action_source(source)
