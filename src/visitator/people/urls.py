from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("borgere/soeg/", views.search, name="search"),
    path(
        "sager/<uuid:case_id>/repraesentanter/<uuid:representative_id>/",
        views.representative_edit,
        name="representative_edit",
    ),
    path(
        "sager/<uuid:case_id>/repraesentanter/<uuid:representative_id>/ophoer/",
        views.representative_end_view,
        name="representative_end",
    ),
]
