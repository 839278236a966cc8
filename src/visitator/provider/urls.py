from django.urls import path

from . import views

app_name = "provider"

urlpatterns = [
    path("leverandoer/", views.grant_list, name="grant_list"),
    path("leverandoer/bevillinger/<uuid:grant_id>/", views.grant_detail, name="grant_detail"),
    path("leverandoer/bevillinger/<uuid:grant_id>/accepter/", views.order_accept, name="order_accept"),
    path("leverandoer/fremmoede/", views.attendance_this_week, name="attendance"),
    path("leverandoer/fremmoede/<int:year>/uge/<int:week>/", views.attendance_week, name="attendance_week"),
    path(
        "leverandoer/bevillinger/<uuid:grant_id>/maal/<int:goal_id>/fremskridt/",
        views.progress_add,
        name="progress_add",
    ),
]
