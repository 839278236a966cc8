from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names, else on the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def handle_form(
    request: HttpRequest,
    form: forms.Form,
    *,
    action: Callable[[dict[str, Any]], str],
    success_url: str,
    on_error: Callable[[forms.Form], HttpResponse],
) -> HttpResponse:
    """The shape every write form shares: validate, call one service, then redirect with its message,
    or show the page again with the errors (the service changed nothing)."""
    if form.is_valid():
        try:
            message = action(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, message)
            return redirect(success_url)
    return on_error(form)
