from django.urls import path

from . import views

app_name = "administration"

urlpatterns = [
    path("administration/", views.home, name="home"),
    path("administration/fire-oejne/", views.second_approval, name="second_approval"),
    path("administration/brugere/ny/", views.user_new, name="user_new"),
    path("administration/brugere/<int:user_id>/", views.user_edit, name="user_edit"),
    path("administration/brugere/<int:user_id>/adgangskode/", views.user_password, name="user_password"),
]
