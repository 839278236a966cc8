from django.urls import path

from . import views

app_name = "figures"

urlpatterns = [
    path("frister/", views.public_deadlines, name="public_deadlines"),
    path("frister/<slug:municipality>/", views.public_deadlines, name="public_deadlines_municipality"),
    path("ledelsestal/", views.management_figures, name="management"),
    path("ledelsestal/sager/", views.drilldown, name="drilldown"),
]
