from django.urls import path

from . import views

app_name = "assessment"

urlpatterns = [
    path("sager/<uuid:case_id>/udredning/", views.assessment_edit, name="edit"),
    path("sager/<uuid:case_id>/vurdering/", views.standard_assessment, name="standard"),
    path("sager/<uuid:case_id>/vurdering/kriterium/", views.judge, name="judge"),
    path("sager/<uuid:case_id>/vurdering/kriterier/", views.judge_all, name="judge_all"),
    path("sager/<uuid:case_id>/vurdering/alternativ/", views.alternative, name="alternative"),
    path("sager/<uuid:case_id>/vurdering/afvigelse/", views.departure, name="departure"),
    path("sager/<uuid:case_id>/vurdering/samtykke/", views.consent, name="consent"),
    path("rapporter/afvigelser/", views.departures_report, name="departures_report"),
]
