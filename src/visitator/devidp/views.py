"""The development identity provider's authorization endpoint: choose whom to log in as.

Everything else (token, userinfo, JWKS, discovery) is django-oauth-toolkit's own view. This view is
django-oauth-toolkit's AuthorizationView (it validates the request: client, redirect URI, PKCE
challenge, scopes) with a chooser in place of the provider's own login: the chosen identity is the
resource owner of the grant. It never logs anyone into this site's session.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.generic import FormView
from oauth2_provider.views import AuthorizationView

from .forms import ChooseIdentityForm


class ChooseIdentityView(AuthorizationView):
    template_name = "devidp/choose.html"
    form_class = ChooseIdentityForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Not LoginRequiredMixin: the identity is chosen on the page, not taken from a session.
        self.oauth2_data: dict[str, Any] = {}
        return FormView.dispatch(self, request, *args, **kwargs)  # type: ignore[return-value]

    def form_valid(self, form: ChooseIdentityForm) -> HttpResponse:
        # The resource owner of this one request; the session is not touched.
        self.request.user = form.cleaned_data["identity"].user
        return super().form_valid(form)
