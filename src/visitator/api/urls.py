from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny
from rest_framework.routers import DefaultRouter

from . import views

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("citizens", views.CitizenViewSet, basename="citizen")
router.register("cases", views.CaseViewSet, basename="case")
router.register("assessments", views.AssessmentViewSet, basename="assessment")
router.register("decisions", views.DecisionViewSet, basename="decision")
router.register("letters", views.LetterViewSet, basename="letter")
router.register("grants", views.GrantViewSet, basename="grant")
router.register("follow-ups", views.FollowUpViewSet, basename="follow-up")
router.register("complaints", views.ComplaintViewSet, basename="complaint")
router.register("offers", views.OfferViewSet, basename="offer")
router.register("standards", views.StandardViewSet, basename="standard")
router.register("access-log", views.AccessLogViewSet, basename="access-log")

urlpatterns = [
    # The schema and the docs hold no personal data: public, so that a supplier can read them.
    path("schema/", SpectacularAPIView.as_view(permission_classes=[AllowAny]), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", permission_classes=[AllowAny]),
        name="docs",
    ),
    path("v1/", include(router.urls)),
]
