from django.urls import path

from . import views

app_name = "offers"

urlpatterns = [
    path("tilbud/", views.offer_list, name="list"),
    path("tilbud/import/", views.offer_import, name="import"),
    path("tilbud/<uuid:offer_id>/ret/", views.offer_edit, name="edit"),
]
