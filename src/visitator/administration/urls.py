from django.urls import path

from . import views

app_name = "administration"

urlpatterns = [path("administration/", views.home, name="home")]
