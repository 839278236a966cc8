from django.apps import AppConfig


class FiguresConfig(AppConfig):
    name = "visitator.figures"
    label = "figures"
    verbose_name = "Ledelsestal og offentlige frister"
