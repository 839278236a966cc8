from django.urls import path

from . import views

app_name = "letters"

urlpatterns = [
    path("sager/<uuid:case_id>/breve/<uuid:letter_id>/", views.letter_download, name="download"),
    path("breve/print/", views.print_queue, name="print_queue"),
    path("breve/print/<int:job_id>/printet/", views.print_job_printed, name="print_job_printed"),
    path("indstillinger/kontakt/", views.contact_settings, name="contact_settings"),
    path("indstillinger/kontakt/enhed/<uuid:unit_id>/", views.unit_contact_save, name="unit_contact_save"),
    path(
        "indstillinger/kontakt/medarbejder/<int:user_id>/",
        views.staff_contact_save,
        name="staff_contact_save",
    ),
]
