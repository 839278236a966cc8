"""The admin shows standard versions read-only; published versions cannot be deleted."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.admin.sites import site
from django.contrib.auth.models import User
from django.test import Client, RequestFactory
from django.urls import reverse

from visitator.standards.models import StandardVersion
from visitator.standards.services import standards_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_logged_in() -> Client:
    user = User.objects.create_superuser("root", "root@example.invalid", "correct horse battery staple")
    client = Client()
    client.force_login(user)
    return client


def test_published_version_is_view_only(admin_client_logged_in: Client, vesthimmerland_path: Path) -> None:
    [version] = standards_load(paths=[vesthimmerland_path])
    changelist = admin_client_logged_in.get(reverse("admin:standards_standardversion_changelist"))
    assert changelist.status_code == 200
    page = admin_client_logged_in.get(reverse("admin:standards_standardversion_change", args=[version.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "8 uger" in body and "14 dage" in body
    assert 'name="_save"' not in body
    delete = admin_client_logged_in.post(reverse("admin:standards_standardversion_delete", args=[version.pk]))
    assert delete.status_code == 403
    assert StandardVersion.objects.filter(pk=version.pk).exists()


def test_permissions(vesthimmerland_path: Path) -> None:
    [version] = standards_load(paths=[vesthimmerland_path])
    model_admin = site._registry[StandardVersion]
    request = RequestFactory().get("/")
    request.user = User.objects.create_superuser("root", "root@example.invalid", "x" * 20)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, version)
    assert not model_admin.has_delete_permission(request, version)
    assert model_admin.has_view_permission(request, version)
