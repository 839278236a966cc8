# A citizen's own history (address, representatives) is read by citizen: the case journal and the
# "changed since you opened the form" message (people.history).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_append_only_triggers")]

    operations = [
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["citizen", "at"], name="event_citizen_at"),
        ),
    ]
