from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "visitator.organisation"
    label = "organisation"
    verbose_name = "Organisation"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .signals import grant_administrator_permissions

        # Connected here, after django.contrib.auth's own handler (which creates the permissions).
        post_migrate.connect(
            grant_administrator_permissions, dispatch_uid="visitator_administrator_permissions"
        )
