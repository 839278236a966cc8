from django.urls import path

from . import views

app_name = "provider"

urlpatterns = [
    path("leverandoer/", views.grant_list, name="grant_list"),
    path("leverandoer/bevillinger/<uuid:grant_id>/", views.grant_detail, name="grant_detail"),
    path("leverandoer/bevillinger/<uuid:grant_id>/accepter/", views.order_accept, name="order_accept"),
    path("leverandoer/bevillinger/<uuid:grant_id>/fremmoede/", views.attendance_add, name="attendance_add"),
    path(
        "leverandoer/bevillinger/<uuid:grant_id>/maal/<int:goal_id>/fremskridt/",
        views.progress_add,
        name="progress_add",
    ),
]
