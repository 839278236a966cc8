from django.apps import AppConfig


class FileAccessConfig(AppConfig):
    name = "visitator.fileaccess"
    label = "fileaccess"
    verbose_name = "Aktindsigt"
