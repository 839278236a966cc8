"""The Django admin speaks Danish for our models: titles, column headings, filters and form labels."""

from __future__ import annotations

import html
import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _our_admins():
    for model, model_admin in admin.site._registry.items():
        if model.__module__.startswith("visitator."):
            yield model, model_admin


def _english_labels(models) -> set[str]:
    """The labels Django makes up from field names when a field has no verbose_name ("Provider")."""
    labels = set()
    for model in models:
        for field in model._meta.concrete_fields:
            if field._verbose_name is None and not field.primary_key:
                labels.add(field.verbose_name.capitalize())
    return labels


def _labels(body: str) -> set[str]:
    texts = re.findall(r"<label[^>]*>(.*?)</label>", body, flags=re.DOTALL)
    texts += re.findall(r'<th scope="col"[^>]*>.*?<div class="text">(.*?)</div>', body, flags=re.DOTALL)
    texts += re.findall(r"<h3>\s*(?:Efter|By)\s+(.*?)\s*</h3>", body, flags=re.DOTALL)
    return {html.unescape(re.sub(r"<[^>]+>", "", t)).strip().rstrip(":").strip() for t in texts}


def test_the_admin_has_danish_titles(client):
    client.force_login(User.objects.create_superuser("root", "root@example.invalid", "x" * 20))
    body = client.get(reverse("admin:index")).content.decode()
    assert "Visitator – administration" in body
    assert "Django administration" not in body and "Django website-administration" not in body


def test_no_english_labels_on_our_admin_pages(client, municipality, offer):
    client.force_login(User.objects.create_superuser("root", "root@example.invalid", "x" * 20))
    checked = 0
    for model, model_admin in _our_admins():
        models = [model, *(inline.model for inline in model_admin.inlines)]
        english = _english_labels(models)
        opts = model._meta
        pages = [reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")]
        instance = model._default_manager.first()
        if instance is not None:
            pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[instance.pk]))
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            shown = _labels(response.content.decode())
            assert not shown & english, f"{url}: {sorted(shown & english)}"
            checked += 1
    assert checked >= 12


def test_amounts_in_the_admin_are_danish(client, offer):
    client.force_login(User.objects.create_superuser("root", "root@example.invalid", "x" * 20))
    body = client.get(reverse("admin:offers_offer_change", args=[offer.pk])).content.decode()
    assert "Niveau 1: 450,00 kr." in html.unescape(body)
    assert "450.00 kr." not in body


def test_a_user_gets_roles_not_single_permissions(client, caseworker):
    client.force_login(User.objects.create_superuser("root", "root@example.invalid", "x" * 20))
    body = client.get(reverse("admin:auth_user_change", args=[caseworker.pk])).content.decode()
    assert 'name="groups"' in body
    assert 'name="user_permissions"' not in body and "Can add" not in body
