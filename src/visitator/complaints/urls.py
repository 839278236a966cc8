from django.urls import path

from . import views

app_name = "complaints"

_one = "sager/<uuid:case_id>/klager/<uuid:complaint_id>"

urlpatterns = [
    path("sager/<uuid:case_id>/klager/", views.case_complaints, name="case"),
    path("sager/<uuid:case_id>/klager/ny/", views.complaint_new, name="new"),
    path(f"{_one}/for-sen/", views.lateness, name="lateness"),
    path(f"{_one}/genvurdering/", views.reconsider, name="reconsider"),
    path(f"{_one}/send/", views.forward, name="forward"),
    path(f"{_one}/ankestyrelsen/", views.outcome, name="outcome"),
    path(f"{_one}/udfoert/", views.carry_out, name="carry_out"),
    path(f"{_one}/tilbage/", views.withdraw, name="withdraw"),
]
