from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("paamindelser/", views.notification_list, name="notifications"),
    path("paamindelser/laest/", views.notification_read_all, name="notifications_read_all"),
    path("paamindelser/<uuid:notification_id>/laest/", views.notification_read, name="notification_read"),
]
