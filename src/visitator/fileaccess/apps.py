from django.apps import AppConfig


class FileAccessConfig(AppConfig):
    name = "visitator.fileaccess"
    label = "fileaccess"
    verbose_name = "Aktindsigt"

    def ready(self) -> None:
        from visitator.cases import extensions

        from . import selectors

        extensions.register_worklist_panel(selectors.worklist_panel)
        extensions.register_timeline_source(selectors.timeline_entries)
