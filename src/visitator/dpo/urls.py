from django.urls import path

from . import views

app_name = "dpo"

urlpatterns = [
    path("databeskyttelse/adgangslog/", views.log_search, name="log_search"),
    path("databeskyttelse/moenstre/", views.unusual_patterns, name="unusual_patterns"),
]
