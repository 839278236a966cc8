from django.urls import path

from . import views

app_name = "decisions"

urlpatterns = [
    path("sager/<uuid:case_id>/partshoering/", views.hearing_page, name="hearing"),
    path("sager/<uuid:case_id>/partshoering/oplysning/", views.information_add, name="information_add"),
    path("sager/<uuid:case_id>/partshoering/send/", views.hearing_send, name="hearing_send"),
    path("sager/<uuid:case_id>/partshoering/svar/", views.response_record, name="response_record"),
    path("sager/<uuid:case_id>/partshoering/undtagelse/", views.exception_record, name="exception_record"),
    path("sager/<uuid:case_id>/afgoerelse/", views.decide, name="decide"),
    path("sager/<uuid:case_id>/afgoerelse/udkast/<uuid:draft_id>/", views.draft_page, name="draft"),
    path("sager/<uuid:case_id>/afgoerelse/udkast/<uuid:draft_id>/pdf/", views.draft_pdf, name="draft_pdf"),
    path(
        "sager/<uuid:case_id>/afgoerelse/udkast/<uuid:draft_id>/tekst/", views.draft_texts, name="draft_texts"
    ),
    path("sager/<uuid:case_id>/afgoerelse/udkast/<uuid:draft_id>/send/", views.draft_send, name="draft_send"),
    path(
        "sager/<uuid:case_id>/afgoerelse/udkast/<uuid:draft_id>/godkendelse/",
        views.draft_submit,
        name="draft_submit",
    ),
    path(
        "sager/<uuid:case_id>/afgoerelse/udkast/<uuid:draft_id>/vurdering/",
        views.draft_review,
        name="draft_review",
    ),
    path(
        "sager/<uuid:case_id>/afgoerelse/udkast/<uuid:draft_id>/kasser/",
        views.draft_discard,
        name="draft_discard",
    ),
]
