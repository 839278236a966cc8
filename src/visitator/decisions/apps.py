from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "visitator.decisions"
    label = "decisions"
    verbose_name = "Partshøring og afgørelser"

    def ready(self) -> None:
        from visitator.cases import extensions

        from .hearing import document_to_hearing
        from .selectors import drafts_panel

        extensions.register_document_hook(document_to_hearing)
        extensions.register_worklist_panel(drafts_panel)
