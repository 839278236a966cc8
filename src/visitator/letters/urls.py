from django.urls import path

from . import views

app_name = "letters"

urlpatterns = [
    path("sager/<uuid:case_id>/breve/<uuid:letter_id>/", views.letter_download, name="download"),
    path("breve/print/", views.print_queue, name="print_queue"),
    path("breve/print/<int:job_id>/printet/", views.print_job_printed, name="print_job_printed"),
]
