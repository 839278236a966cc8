from django.urls import path

from . import views

app_name = "fileaccess"

urlpatterns = [
    path("sager/<uuid:case_id>/aktindsigt/", views.case_page, name="case"),
    path("sager/<uuid:case_id>/aktindsigt/ny/", views.request_register, name="register"),
    path("sager/<uuid:case_id>/aktindsigt/<uuid:request_id>/", views.request_page, name="request"),
    path("sager/<uuid:case_id>/aktindsigt/<uuid:request_id>/besked/", views.notice_send, name="notice"),
    path("sager/<uuid:case_id>/aktindsigt/<uuid:request_id>/gennemgang/", views.review_save, name="review"),
    path("sager/<uuid:case_id>/aktindsigt/<uuid:request_id>/svar/", views.answer_send, name="answer"),
]
