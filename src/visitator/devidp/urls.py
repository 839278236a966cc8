"""The development identity provider under /devidp/: django-oauth-toolkit's endpoints under the
namespace it reverses ("oauth2_provider"), with the identity chooser as the authorization endpoint.
Discovery: /devidp/.well-known/openid-configuration."""

from django.urls import path, re_path
from oauth2_provider import views as dot

from .views import ChooseIdentityView

app_name = "oauth2_provider"

urlpatterns = [
    path("authorize/", ChooseIdentityView.as_view(), name="authorize"),
    path("token/", dot.TokenView.as_view(), name="token"),
    path("userinfo/", dot.UserInfoView.as_view(), name="user-info"),
    path(".well-known/jwks.json", dot.JwksInfoView.as_view(), name="jwks-info"),
    re_path(
        r"^\.well-known/openid-configuration$",
        dot.ConnectDiscoveryInfoView.as_view(),
        name="oidc-connect-discovery-info",
    ),
]
