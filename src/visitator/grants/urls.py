from django.urls import path

from . import views

app_name = "grants"

urlpatterns = [
    path("sager/<uuid:case_id>/bevilling/", views.case_grants, name="case"),
    path("sager/<uuid:case_id>/bevilling/<uuid:grant_id>/plads/", views.assign_place, name="assign_place"),
    path("sager/<uuid:case_id>/bevilling/<uuid:grant_id>/opfoelgning/", views.follow_up, name="follow_up"),
    path("sager/<uuid:case_id>/bevilling/<uuid:grant_id>/aendring/", views.change, name="change"),
    path(
        "sager/<uuid:case_id>/bevilling/<uuid:grant_id>/koersel/", views.transport_edit, name="transport_edit"
    ),
    path("opfoelgning/", views.follow_up_list, name="follow_ups"),
    path("venteliste/", views.waiting, name="waiting"),
    path("koersel/", views.transport, name="transport"),
    path("koersel/<int:order_id>/kvitter/", views.transport_acknowledge, name="transport_acknowledge"),
]
