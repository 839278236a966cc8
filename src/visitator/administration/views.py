"""The administrator's pages: the landing page (offers, users, settings, quality standards) and the
users of its own municipality. No citizen data (so no access-log rows); user changes go to the event log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from visitator.core.forms import add_service_errors
from visitator.core.http import StaffRequest

from . import services
from .forms import PasswordForm, SecondApprovalForm, UserCreateForm, UserEditForm
from .selectors import administration_overview


@login_required
@require_GET
def home(request: StaffRequest) -> HttpResponse:
    overview = administration_overview(user=request.user)
    return render(
        request,
        "administration/home.html",
        {"overview": overview, "can_use_admin": request.user.is_superuser},
    )


@login_required
@require_http_methods(["GET", "POST"])
def user_new(request: StaffRequest) -> HttpResponse:
    municipality = services.administrator_municipality(request.user)
    form = UserCreateForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            target = services.user_create(
                user=request.user,
                username=data["username"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                place=form.place_value(),
                roles=data["roles"],
                password=data["password"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Brugeren {username} er oprettet.").format(username=target.username))
            return redirect("administration:home")
    status = 400 if form.is_bound else 200
    return render(request, "administration/user_new.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request: StaffRequest, user_id: int) -> HttpResponse:
    target = services.municipality_user(user=request.user, user_id=user_id)
    current = services.role_names(target)
    initial = {
        "first_name": target.first_name,
        "last_name": target.last_name,
        "email": target.email,
        "is_active": target.is_active,
        "roles": sorted(current & set(services.ADMINISTRATOR_MAY_GRANT)),
    }
    form = UserEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = services.user_change(
                user=request.user,
                target=target,
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                is_active=data["is_active"],
                roles=data["roles"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Brugeren er gemt.") if changed else _("Der var intet at gemme."))
            return redirect("administration:home")
    return render(
        request,
        "administration/user_edit.html",
        {
            "form": form,
            "target": target,
            "place": services.place_of(target),
            "other_roles": sorted(current - set(services.ADMINISTRATOR_MAY_GRANT)),
            "password_form": PasswordForm(),
            "may_set_password": services.may_set_password(user=request.user, target=target),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["POST"])
def user_password(request: StaffRequest, user_id: int) -> HttpResponse:
    target = services.municipality_user(user=request.user, user_id=user_id)
    form = PasswordForm(request.POST)
    if form.is_valid():
        try:
            password = form.cleaned_data["password"]
            services.user_set_password(user=request.user, target=target, password=password)
        except ValidationError as exc:
            form.add_error("password", exc.messages)
        else:
            messages.success(request, _("Den nye adgangskode er sat."))
            return redirect("administration:user_edit", user_id=target.pk)
    for error in form.errors.get("password", []):
        messages.error(request, str(error))
    return redirect("administration:user_edit", user_id=target.pk)


@login_required
@require_http_methods(["GET", "POST"])
def second_approval(request: StaffRequest) -> HttpResponse:
    """The municipality's own four-eyes rule: which decisions a colleague approves before sending."""
    municipality = services.administrator_municipality(request.user)
    current = list(municipality.second_approval_for or [])
    if request.method != "POST":
        form = SecondApprovalForm(initial={"kinds": current, "opened_on": ",".join(current)})
        return render(request, "administration/second_approval.html", {"form": form})
    form = SecondApprovalForm(request.POST)
    if form.is_valid():
        try:
            changed = services.second_approval_save(
                user=request.user, kinds=form.cleaned_data["kinds"], opened_on=form.opened_kinds()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            municipality.refresh_from_db()
            data = request.POST.copy()
            data["opened_on"] = ",".join(municipality.second_approval_for or [])
            form.data = data  # what was ticked stays; the next save is made on the setting now stored
        else:
            messages.success(
                request, _("Indstillingen er gemt.") if changed else _("Der var intet at gemme.")
            )
            return redirect(reverse("administration:home") + "#indstillinger")
    return render(request, "administration/second_approval.html", {"form": form}, status=400)
