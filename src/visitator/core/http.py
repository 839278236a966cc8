from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class StaffRequest(HttpRequest):
    """A request behind login_required: the user is a real user, and django-htmx adds `htmx`."""

    user: User
    htmx: HtmxDetails
