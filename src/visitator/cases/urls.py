from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("arbejdsliste/flyt/", views.reassign, name="reassign"),
    path("soeg/", views.search, name="search"),
    path("ansoegning/ny/", views.application_new, name="application_new"),
    path("sager/<uuid:case_id>/", views.case_detail, name="detail"),
    path("sager/<uuid:case_id>/journal.pdf", views.journal_extract, name="journal_extract"),
    path("sager/<uuid:case_id>/status/", views.case_transition, name="transition"),
    path("sager/<uuid:case_id>/notat/", views.note_add, name="note_add"),
    path("sager/<uuid:case_id>/dokument/", views.document_add, name="document_add"),
    path(
        "sager/<uuid:case_id>/dokument/<uuid:document_id>/", views.document_download, name="document_download"
    ),
    path("sager/<uuid:case_id>/fristvarsel/", views.deadline_notice, name="deadline_notice"),
    path("sager/<uuid:case_id>/kvittering/", views.receipt, name="receipt"),
    path("sager/<uuid:case_id>/maalgruppe/", views.target_group, name="target_group"),
    path("sager/<uuid:case_id>/borger/", views.citizen_edit, name="citizen_edit"),
    path("sager/<uuid:case_id>/repraesentant/", views.representative_new, name="representative_new"),
]
