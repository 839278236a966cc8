import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fixture", ["administrator", "caseworker"])
def test_staff_status_and_role_permissions_do_not_open_the_django_admin(request, client, fixture):
    """The Django admin is the platform operator's (superuser) tool; a municipality's administrator
    works on the administration pages, limited to its own municipality (issue 11)."""
    user = request.getfixturevalue(fixture)
    user.is_staff = True
    user.is_superuser = False
    user.save()
    client.force_login(user)
    for url in (
        reverse("admin:index"),
        reverse("admin:offers_offer_changelist"),
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_user_add"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login")), url


def test_the_platform_operator_uses_the_django_admin(client, make_user):
    operator = make_user(None, None, "operatoer")
    operator.is_staff = operator.is_superuser = True
    operator.save()
    client.force_login(operator)
    assert client.get(reverse("admin:offers_offer_changelist")).status_code == 200
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200
    # Standards are loaded from files: even the operator may look, not edit.
    assert client.get(reverse("admin:standards_standardversion_add")).status_code == 403
