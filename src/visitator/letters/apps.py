from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "visitator.letters"
    label = "letters"
    verbose_name = "Breve"
    default_auto_field = "django.db.models.BigAutoField"
