"""Load the bundled FFB version (20240530) so every installation has it after `migrate`.

Uses the app's pure loader with the historical models, and records the load in the event log as
`services.ffb_load` does. Reversing removes the version again (only possible while nothing uses it) and makes the newest
remaining version current.
"""

from django.db import migrations
from django.utils import timezone

from visitator.ffb.loader import BUNDLED_FILE, load_bundled, parse_file


def forwards(apps, schema_editor):
    version = load_bundled(
        version_model=apps.get_model("ffb", "CodeSystemVersion"),
        concept_model=apps.get_model("ffb", "Concept"),
        loaded_at=timezone.now(),
    )
    if version is None:
        return
    apps.get_model("audit", "Event").objects.create(
        at=version.loaded_at,
        username="system",
        kind="ffb.loaded",
        after={
            "ffb_version": str(version.pk),
            "url": version.url,
            "version": version.version,
            "source_name": version.source_name,
            "sha256": version.sha256,
            "concepts": version.concepts.count(),
            "is_current": version.is_current,
            "previous_current": None,
            "by": "migration ffb.0002",
        },
    )


def backwards(apps, schema_editor):
    sha256 = parse_file(BUNDLED_FILE).sha256
    CodeSystemVersion = apps.get_model("ffb", "CodeSystemVersion")
    Concept = apps.get_model("ffb", "Concept")
    Concept.objects.filter(version__sha256=sha256).update(parent=None)
    Concept.objects.filter(version__sha256=sha256).delete()
    CodeSystemVersion.objects.filter(sha256=sha256).delete()
    # Keep one version current when others are loaded: the newest.
    if not CodeSystemVersion.objects.filter(is_current=True).exists():
        newest = CodeSystemVersion.objects.order_by("-version").first()
        if newest is not None:
            CodeSystemVersion.objects.filter(pk=newest.pk).update(is_current=True)


class Migration(migrations.Migration):
    dependencies = [
        ("ffb", "0001_initial"),
        ("audit", "0003_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
