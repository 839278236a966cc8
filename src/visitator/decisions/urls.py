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
]
