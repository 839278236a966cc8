from django.urls import path

from . import views

app_name = "security"

urlpatterns = [
    path("login/kode/", views.otp_verify, name="otp_verify"),
    path("login/to-faktor/", views.otp_enrol, name="otp_enrol"),
]
