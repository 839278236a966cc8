from django.urls import path

from . import views
from .oidc import PortalAuthenticationRequestView, PortalCallbackView, provider_guarded

app_name = "portal"

urlpatterns = [
    path("log-ind/", views.login, name="login"),
    path(
        "log-ind/mitid/",
        provider_guarded(PortalAuthenticationRequestView.as_view()),
        name="oidc_authenticate",
    ),
    path("log-ind/retur/", provider_guarded(PortalCallbackView.as_view()), name="oidc_callback"),
    path("log-ind/afvist/", views.login_failed, name="login_failed"),
    path("log-ud/", views.logout, name="logout"),
    path("", views.home, name="home"),
    path("<uuid:citizen_id>/", views.citizen, name="citizen"),
    path("<uuid:citizen_id>/sager/<uuid:case_id>/", views.case, name="case"),
    path("<uuid:citizen_id>/sager/<uuid:case_id>/breve/<uuid:letter_id>/", views.letter, name="letter"),
    path("<uuid:citizen_id>/ansoeg/", views.apply, name="apply"),
    path("<uuid:citizen_id>/ansoeg/se-og-send/", views.apply_review, name="apply_review"),
    path("<uuid:citizen_id>/ansoeg/kvittering/<uuid:case_id>/", views.apply_receipt, name="apply_receipt"),
    path(
        "<uuid:citizen_id>/sager/<uuid:case_id>/partshoering/<int:hearing_id>/svar/",
        views.hearing_answer,
        name="hearing_answer",
    ),
    path("<uuid:citizen_id>/sager/<uuid:case_id>/klage/", views.complain, name="complain"),
    path("<uuid:citizen_id>/sager/<uuid:case_id>/aktindsigt/", views.file_access, name="file_access"),
    path("<uuid:citizen_id>/adgangslog/", views.access_log_page, name="access_log"),
]
