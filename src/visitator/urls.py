from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from visitator.core import views as core_views
from visitator.security import views as security_views

urlpatterns = [
    path("login/", security_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("visitator.security.urls")),
    path("admin/", admin.site.urls),
    path("oversigter/", core_views.overview, name="overview"),
    path("", include("visitator.people.urls")),
    path("", include("visitator.cases.urls")),
    path("", include("visitator.letters.urls")),
    path("", include("visitator.assessment.urls")),
    path("", include("visitator.decisions.urls")),
    path("", include("visitator.grants.urls")),
    path("", include("visitator.offers.urls")),
    path("", include("visitator.provider.urls")),
    path("", include("visitator.casefile.urls")),
    path("", include("visitator.complaints.urls")),
    path("", include("visitator.fileaccess.urls")),
    path("", include("visitator.administration.urls")),
    path("", include("visitator.jobs.urls")),
    path("", include("visitator.figures.urls")),
    path("", include("visitator.dpo.urls")),
    path("api/", include("visitator.api.urls")),
]

if settings.VISITATOR_OIDC_ENABLED:
    # Staff login through the municipality's OpenID Connect provider (visitator.security.oidc).
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
urlpatterns += [path("borger/", include("visitator.portal.urls"))]
if settings.PORTAL_DEV_IDP:
    urlpatterns += [path("devidp/", include("visitator.devidp.urls"))]
