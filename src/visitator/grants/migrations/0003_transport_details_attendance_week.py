"""Transport details for the transport office (times, mobility aids, contact phone, why an order
changed, the office's acknowledgement), the grant's weekdays, attendance with a status and an absence
reason (and a lock row per provider and week), and follow-up notes that are internal unless marked
for the provider, with the writer's organisation."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill(apps, schema_editor):
    Grant = apps.get_model("grants", "Grant")
    Transport = apps.get_model("grants", "Transport")
    TransportOrder = apps.get_model("grants", "TransportOrder")
    Attendance = apps.get_model("grants", "Attendance")
    GoalProgress = apps.get_model("grants", "GoalProgress")
    ProviderMembership = apps.get_model("grants", "ProviderMembership")
    StaffMembership = apps.get_model("organisation", "StaffMembership")
    # The weekdays a grant had implicitly: the transport's, else the first N.
    for grant in Grant.objects.all().iterator():
        transport = Transport.objects.filter(grant_id=grant.pk).first()
        days = list(transport.weekdays) if transport and transport.weekdays else []
        if len(days) != grant.days_per_week:
            days = list(range(1, grant.days_per_week + 1))
        Grant.objects.filter(pk=grant.pk).update(weekdays=days)
    for transport in Transport.objects.select_related("grant__case__citizen").iterator():
        phone = transport.grant.case.citizen.phone
        if phone:
            Transport.objects.filter(pk=transport.pk).update(contact_phone=phone)
    TransportOrder.objects.filter(cancelled=True).update(cause="cancelled")
    # "Not present" had no reason; it becomes "udeblevet", reason unknown.
    Attendance.objects.filter(present=True).update(status="present")
    Attendance.objects.filter(present=False).update(status="no_show", reason="unknown")
    # Notes written by the provider are the provider's own; a caseworker's become internal.
    GoalProgress.objects.filter(by_provider=True).update(for_provider=True)
    providers = {m.user_id: m.provider.name for m in ProviderMembership.objects.select_related("provider")}
    staff = {
        m.user_id: f"{m.unit.name}, {m.unit.municipality.name}"
        for m in StaffMembership.objects.select_related("unit__municipality")
    }
    for note in GoalProgress.objects.all().iterator():
        organisation = providers.get(note.by_id) if note.by_provider else staff.get(note.by_id)
        if organisation:
            GoalProgress.objects.filter(pk=note.pk).update(by_organisation=organisation[:300])


class Migration(migrations.Migration):

    dependencies = [
        ('grants', '0002_grant_unit'),
        ('offers', '0002_offer_opening_hours'),
        ('organisation', '0003_transport_office_role'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AttendanceWeek',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('week_start', models.DateField()),
                ('version', models.PositiveIntegerField(default=0)),
                ('updated_at', models.DateTimeField(blank=True, null=True)),
            ],
        ),
        migrations.CreateModel(
            name='TransportOrderAcknowledgement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField()),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.AddField(
            model_name='attendance',
            name='reason',
            field=models.CharField(blank=True, choices=[('sick', 'Sygdom'), ('holiday', 'Ferie eller fridag'), ('appointment', 'Anden aftale (fx læge eller kommune)'), ('family', 'Familiemæssige forhold'), ('transport', 'Kørslen kom ikke'), ('other', 'Anden grund'), ('unknown', 'Ukendt')], max_length=20, verbose_name='årsag til fravær'),
        ),
        migrations.AddField(
            model_name='attendance',
            name='status',
            field=models.CharField(choices=[('present', 'Mødt'), ('cancelled', 'Afbud'), ('no_show', 'Udeblevet'), ('closed', 'Lukket')], default='present', max_length=20, verbose_name='fremmøde'),
        ),
        migrations.AddField(
            model_name='goalprogress',
            name='by_organisation',
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.AddField(
            model_name='goalprogress',
            name='for_provider',
            field=models.BooleanField(default=False, verbose_name='til leverandøren'),
        ),
        migrations.AddField(
            model_name='grant',
            name='weekdays',
            field=models.JSONField(default=list, help_text='1 = mandag … 5 = fredag', verbose_name='ugedage'),
        ),
        migrations.AddField(
            model_name='transport',
            name='arrive_by',
            field=models.TimeField(blank=True, null=True, verbose_name='fremme i tilbuddet kl.'),
        ),
        migrations.AddField(
            model_name='transport',
            name='contact_phone',
            field=models.CharField(blank=True, max_length=30, verbose_name='kontakttelefon'),
        ),
        migrations.AddField(
            model_name='transport',
            name='home_at',
            field=models.TimeField(blank=True, null=True, verbose_name='hjemkørsel fra tilbuddet kl.'),
        ),
        migrations.AddField(
            model_name='transport',
            name='mobility_aids',
            field=models.JSONField(blank=True, default=list, verbose_name='hjælpemidler'),
        ),
        migrations.AddField(
            model_name='transport',
            name='mobility_other',
            field=models.CharField(blank=True, max_length=100, verbose_name='andet hjælpemiddel'),
        ),
        migrations.AddField(
            model_name='transport',
            name='version',
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddField(
            model_name='transportorder',
            name='arrive_by',
            field=models.TimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='transportorder',
            name='cause',
            field=models.CharField(choices=[('new', 'Ny bestilling'), ('start_changed', 'Leverandøren har accepteret med en anden startdato'), ('changed', 'Sagsbehandleren har ændret kørslen'), ('scope_changed', 'Omfanget er ændret ved en ny afgørelse'), ('cancelled', 'Afbestilt: hjælpen er stoppet')], default='new', max_length=20),
        ),
        migrations.AddField(
            model_name='transportorder',
            name='contact_phone',
            field=models.CharField(blank=True, max_length=30),
        ),
        migrations.AddField(
            model_name='transportorder',
            name='home_at',
            field=models.TimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='transportorder',
            name='mobility_aids',
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name='transportorder',
            name='mobility_other',
            field=models.CharField(blank=True, max_length=100),
        ),
        migrations.AlterField(
            model_name='transport',
            name='from_address',
            field=models.CharField(max_length=300, verbose_name='afhentningsadresse'),
        ),
        migrations.AddIndex(
            model_name='transportorder',
            index=models.Index(fields=['grant', 'ordered_at', 'id'], name='transport_order_grant'),
        ),
        migrations.AddField(
            model_name='attendanceweek',
            name='provider',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='offers.provider'),
        ),
        migrations.AddField(
            model_name='attendanceweek',
            name='updated_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='transportorderacknowledgement',
            name='by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='transportorderacknowledgement',
            name='order',
            field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='acknowledgement', to='grants.transportorder'),
        ),
        migrations.AddConstraint(
            model_name='attendanceweek',
            constraint=models.UniqueConstraint(fields=('provider', 'week_start'), name='attendance_week_unique'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RemoveField(model_name="attendance", name="present"),
        migrations.AlterField(
            model_name="attendance",
            name="status",
            field=models.CharField(
                choices=[
                    ("present", "Mødt"),
                    ("cancelled", "Afbud"),
                    ("no_show", "Udeblevet"),
                    ("closed", "Lukket"),
                ],
                max_length=20,
                verbose_name="fremmøde",
            ),
        ),
    ]
