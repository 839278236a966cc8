import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_wrong_passwords_lock_the_login_with_a_danish_page(client, caseworker):
    url = reverse("login")
    for _ in range(2):
        response = client.post(url, {"username": caseworker.username, "password": "wrong"})
        assert response.status_code == 200
        assert "Brugernavn eller adgangskode er forkert." in response.content.decode()
    locked = client.post(url, {"username": caseworker.username, "password": "wrong"})
    assert locked.status_code == 429
    assert "For mange forkerte forsøg" in locked.content.decode()
    # Even the right password is refused while the lockout lasts.
    still = client.post(url, {"username": caseworker.username, "password": PASSWORD})
    assert still.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_correct_login_works_and_lands_on_the_worklist(client, caseworker):
    response = client.post(reverse("login"), {"username": caseworker.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("cases:worklist")
