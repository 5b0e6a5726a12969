"""A refused form tells what is wrong at its top and at each field, in a way screen readers announce; the
accessibility statement says what was tested and how."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_refused_form_has_a_summary_linking_to_its_invalid_fields():
    html = Client().post(reverse("account_signup"), {"email": "kaputt", "first_name": "Erika"}).content.decode()

    summary = re.search(r'<div role="alert"[^>]*class="alert error-summary alert-danger">(.*?)</div>', html, re.S)
    assert summary, "no error summary with role=alert"
    links = re.findall(r'<a href="#(id_\w+)">([^<]*)</a>', summary.group(1))
    targets = [target for target, _text in links]
    assert "id_email" in targets and "id_last_name" in targets and "id_first_name" not in targets
    assert any(text.startswith("E-Mail-Adresse: ") for _target, text in links)
    # The privacy consent's label holds a link; the summary's link to the checkbox has no link inside.
    assert "Ich habe die Datenschutzhinweise gelesen und stimme ihnen zu: Bitte bestätigen Sie" in summary.group(1)
    assert summary.group(1).count("<a ") == len(links)
    assert "Bitte korrigieren Sie die folgenden" in summary.group(1)
    # Each invalid field is marked and points at its message; the valid one is not.
    email = re.search(r'<input[^>]*id="id_email"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in email
    described_by = re.search(r'aria-describedby="([^"]+)"', email).group(1).split()
    assert "id_email_error" in described_by
    assert re.search(r'<div id="id_email_error" class="invalid-feedback">', html)
    first_name = re.search(r'<input[^>]*id="id_first_name"[^>]*>', html).group(0)
    assert "aria-invalid" not in first_name
    assert 'value="Erika"' in first_name  # what was typed is kept


def test_an_untouched_form_has_no_summary():
    html = Client().get(reverse("account_signup")).content.decode()

    assert "error-summary" not in html
    assert 'aria-invalid="true"' not in html


def test_every_page_starts_with_the_skip_link():
    html = Client().get(reverse("portal:home")).content.decode()

    body = html.split("<body", 1)[1]
    first_link = re.search(r"<(a|button|input|select|textarea)\b[^>]*>([^<]*)", body)
    assert first_link.group(2) == "Zum Inhalt springen"
    assert 'href="#main"' in first_link.group(0)
    assert '<main id="main"' in html


def test_the_accessibility_statement_says_what_was_tested_and_how():
    url = reverse("portal:accessibility")
    german = Client().get(url).content.decode()
    english_client = Client()
    english_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = english_client.get(url).content.decode()

    for text in ("axe-core", "WCAG 2.1", "Nur mit der Tastatur", "Zum Inhalt springen", "Nicht barrierefreie Inhalte"):
        assert text in german
    assert "prüfen 186 Seiten mit axe-core 4.12.1" in german
    assert "Zuletzt geprüft am 30. November 2026." in german
    assert "Last tested on 30 November 2026." in english
    assert "With the keyboard alone" in english and "Nur mit der Tastatur" not in english
    # The footer leads there on every page.
    assert f'href="{url}"' in Client().get(reverse("portal:home")).content.decode()
