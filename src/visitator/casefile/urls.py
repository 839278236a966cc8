from django.urls import path

from . import views

app_name = "casefile"

urlpatterns = [
    path("sager/<uuid:case_id>/akter/", views.case_akter_page, name="case_akter"),
    path("akter/<uuid:bundle_id>/samlet.pdf", views.bundle_pdf, name="bundle_pdf"),
    path("akter/<uuid:bundle_id>/akter.zip", views.bundle_zip, name="bundle_zip"),
]
