from django.urls import URLPattern

app_name = "fileaccess"

urlpatterns: list[URLPattern] = []
