from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "visitator.complaints"
    label = "complaints"
    verbose_name = "Klager, genvurdering og Ankestyrelsen"

    def ready(self) -> None:
        from visitator.casefile.akter import register_akt_source
        from visitator.cases.extensions import register_timeline_source, register_worklist_panel

        from . import akter, selectors

        register_worklist_panel(selectors.worklist_panel)
        register_timeline_source(selectors.timeline_entries)
        register_akt_source(akter.complaint_akter)
