"""When something goes wrong, people get a German page in the portal's layout, not a technical one."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_unknown_address_gives_a_german_404(client, settings):
    settings.DEBUG = False

    response = client.get("/gibt-es-nicht/")

    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert "Seite nicht gefunden" in html
    assert 'href="/impressum/"' in html


def test_a_form_sent_without_a_valid_csrf_token_explains_itself(db):
    browser = Client(enforce_csrf_checks=True)

    response = browser.post("/accounts/login/", {"login": "jemand@example.de", "password": "Irgendwas-123"})

    assert response.status_code == 403
    assert "Formular abgelaufen" in response.content.decode()
