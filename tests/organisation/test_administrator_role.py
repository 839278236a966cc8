import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_administrator_role_can_maintain_offers_in_the_admin(client, administrator, make_user, unit):
    administrator.is_staff = True
    administrator.is_superuser = False
    administrator.save()
    client.force_login(administrator)
    assert client.get(reverse("admin:offers_offer_changelist")).status_code == 200
    assert client.get(reverse("admin:organisation_unit_changelist")).status_code == 200
    # Standards are loaded from files: the administrator may look, not edit.
    assert client.get(reverse("admin:standards_standardversion_changelist")).status_code == 200
    assert client.get(reverse("admin:standards_standardversion_add")).status_code == 403


def test_a_caseworker_with_staff_status_still_cannot_maintain_offers(client, caseworker):
    caseworker.is_staff = True
    caseworker.save()
    client.force_login(caseworker)
    assert client.get(reverse("admin:offers_offer_changelist")).status_code == 403
