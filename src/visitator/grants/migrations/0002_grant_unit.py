"""Keep the case's unit on the grant, so the follow-up worklist reads one index range per unit."""

import django.db.models.deletion
from django.db import migrations, models


def fill_unit(apps, schema_editor):
    Grant = apps.get_model("grants", "Grant")
    for grant in Grant.objects.select_related("case").only("id", "case__unit_id").iterator():
        Grant.objects.filter(pk=grant.pk).update(unit_id=grant.case.unit_id)


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0001_initial"),
        ("organisation", "0003_transport_office_role"),
    ]

    operations = [
        migrations.AddField(
            model_name="grant",
            name="unit",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="organisation.unit"
            ),
        ),
        migrations.RunPython(fill_unit, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="grant",
            name="unit",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="organisation.unit"
            ),
        ),
        migrations.RemoveIndex(model_name="grant", name="grant_follow_up_due"),
        migrations.AddIndex(
            model_name="grant",
            index=models.Index(
                condition=models.Q(("status", "stopped"), _negated=True),
                fields=["unit", "next_follow_up_on", "id"],
                name="grant_unit_follow_up_due",
            ),
        ),
    ]
