"""The second step of the login: a code from an authenticator app (and setting the app up once)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from visitator.core.http import StaffRequest

from . import otp
from .forms import CodeForm

WRONG = _("Koden er forkert eller for gammel. Prøv med den kode, appen viser nu.")
WAIT = _(
    "For mange forkerte koder lige efter hinanden. Vent et øjeblik, og prøv igen med den kode, appen viser."
)


def _next_url(request: StaffRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: StaffRequest) -> HttpResponse:
    if request.user.is_verified():  # type: ignore[attr-defined]
        return redirect(_next_url(request))
    if not otp.has_confirmed_device(request.user):
        return redirect("security:otp_enrol")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp.throttled(request.user):
            form.add_error("token", WAIT)
        elif otp.verify(request=request, token=form.cleaned_data["token"]):
            return redirect(_next_url(request))
        else:
            form.add_error("token", WRONG)
    return render(request, "security/otp_verify.html", {"form": form, "next": _next_url(request)})


@login_required
@require_http_methods(["GET", "POST"])
def otp_enrol(request: StaffRequest) -> HttpResponse:
    if otp.has_confirmed_device(request.user):
        # A second device is never added from a session that has not shown the first one's code.
        return redirect("security:otp_verify")
    device = otp.pending_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp.throttled(request.user):
            form.add_error("token", WAIT)
        elif otp.enrol_confirm(request=request, device=device, token=form.cleaned_data["token"]):
            return redirect(_next_url(request))
        else:
            form.add_error("token", WRONG)
    return render(
        request,
        "security/otp_enrol.html",
        {
            "form": form,
            "qr": otp.qr_svg(device),
            "secret": otp.secret_for_typing(device),
            "next": _next_url(request),
        },
    )


class LoginView(auth_views.LoginView):
    """Django's login form, offering the municipality's OpenID Connect login when it is on (read per
    request, so a changed setting shows at once)."""

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = settings.VISITATOR_OIDC_ENABLED
        return context
