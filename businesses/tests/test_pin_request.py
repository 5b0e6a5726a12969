import re

from businesses.models import AuditEvent, Pin
from businesses.tests.factories import BranchFactory, BusinessFactory

URL = "/betrieb/pin-anfordern/"


def _strip_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_pin_request_page_explains_where_the_number_is_printed(client, db):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "PIN-Anforderung Betrieb" in html
    assert "Handwerkskarte" in html
    assert "Beitragsbescheid" in html


def test_offers_page_lists_pin_request_and_is_linked_from_start_and_login_page(client, db):
    for page in ["/", "/accounts/login/"]:
        assert 'href="/betrieb/onlineangebote/"' in client.get(page).content.decode()
    html = client.get("/betrieb/onlineangebote/").content.decode()
    assert "Onlineangebote ohne Anmeldung" in html
    assert "PIN-Anforderung Betrieb" in html
    assert 'href="/betrieb/pin-anfordern/"' in html
    assert "Kurse finden" in html


def test_existing_and_unknown_numbers_get_identical_answers(
    client, business, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(URL, {"betriebsnummer": business.betriebsnummer, "filialnummer": ""})
    unknown = client.post(URL, {"betriebsnummer": "7777777", "filialnummer": ""})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert known.content == unknown.content
    page_known = client.get(known["Location"]).content.decode()
    page_unknown = client.get(unknown["Location"]).content.decode()
    assert _strip_csrf(page_known) == _strip_csrf(page_unknown)
    assert "Ihre Anfrage ist eingegangen" in page_known
    # Only the existing business got a mail, and only to its address of record.
    assert [mail.to for mail in mailoutbox] == [[business.email]]


def test_pin_mail_says_where_the_number_is_and_how_to_link(
    client, business, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {"betriebsnummer": business.betriebsnummer})
    body = mailoutbox[0].body
    pin = re.search(r"PIN: ([A-Z2-9]{4}-[A-Z2-9]{4})", body).group(1)
    assert "Handwerkskarte" in body and "Beitragsbescheid" in body
    assert "/betrieb/verknuepfen/" in body
    assert "30 Tage" in body
    stored = Pin.objects.get(business=business)
    assert pin.replace("-", "") not in stored.pin_hash
    assert not AuditEvent.objects.filter(payload__icontains=pin.replace("-", "")).exists()


def test_betriebsnummer_format_is_checked_and_input_kept(client, db):
    response = client.post(URL, {"betriebsnummer": "12a4", "filialnummer": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Eine Betriebsnummer besteht aus 5 bis 10 Ziffern" in html
    assert 'value="12a4"' in html


def test_branch_pin_goes_to_the_branch_address(db, client, mailoutbox, django_capture_on_commit_callbacks):
    branch = BranchFactory(email="filiale@example.de")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {"betriebsnummer": branch.betriebsnummer, "filialnummer": branch.filialnummer})
    assert [mail.to for mail in mailoutbox] == [["filiale@example.de"]]
    assert Pin.objects.get().business == branch


def test_requests_beyond_the_business_limit_are_answered_the_same_and_logged(
    client, business, mailoutbox, django_capture_on_commit_callbacks
):
    answers = []
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            # Different clients, so only the per-business limit applies.
            answers.append(client.post(URL, {"betriebsnummer": business.betriebsnummer}, REMOTE_ADDR=f"10.0.0.{n}"))
    assert {(a.status_code, a["Location"]) for a in answers} == {(302, "/betrieb/pin-anfordern/gesendet/")}
    pin_mails = [mail for mail in mailoutbox if "PIN:" in mail.body]
    assert len(pin_mails) == 3
    # Instead of more PINs, the business is told once that the PINs it got stay valid.
    [alarm] = [mail for mail in mailoutbox if mail not in pin_mails]
    assert alarm.to == [business.email]
    assert "bleiben" in alarm.body and "gültig" in alarm.body
    assert "als wir an einem Tag versenden (3)" in alarm.body
    assert Pin.objects.open().filter(business=business).count() == 3
    limited = AuditEvent.objects.filter(action="businesses.pin.requested", outcome="rate_limited")
    assert limited.count() == 2
    assert limited.first().payload["limit"] == "business"


def test_requests_beyond_the_client_limit_are_answered_the_same_and_logged(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    businesses = BusinessFactory.create_batch(12)
    with django_capture_on_commit_callbacks(execute=True):
        for business in businesses:
            response = client.post(URL, {"betriebsnummer": business.betriebsnummer})
            assert response.status_code == 302
    assert Pin.objects.count() == 10
    limited = AuditEvent.objects.filter(action="businesses.pin.requested", outcome="rate_limited")
    assert [event.payload["limit"] for event in limited] == ["client", "client"]


def test_unknown_number_is_logged_as_refused(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {"betriebsnummer": "99999"})
    event = AuditEvent.objects.get()
    assert event.outcome == "refused"
    assert event.payload["betriebsnummer"] == "99999"


def test_logged_in_users_can_request_too(client_logged_in, business, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client_logged_in.post(URL, {"betriebsnummer": business.betriebsnummer})
    assert AuditEvent.objects.get(action="businesses.pin.requested").actor == user
    assert Pin.objects.filter(business=business).count() == 1


def test_the_pin_does_not_stay_in_the_outbox_once_the_mail_is_sent(
    client, business, mailoutbox, django_capture_on_commit_callbacks
):
    from notifications.models import OutboundEmail

    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {"betriebsnummer": business.betriebsnummer})
    pin = re.search(r"PIN: ([A-Z2-9]{4}-[A-Z2-9]{4})", mailoutbox[0].body).group(1)
    stored = OutboundEmail.objects.get(template="businesses/mail/pin")
    assert stored.status == OutboundEmail.Status.SENT
    assert pin not in stored.body_text and pin not in stored.body_html
    assert "Inhalt nach dem Versand entfernt" in stored.body_text


def _main(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def test_the_confirmation_tells_a_logged_in_user_neither_to_log_in_nor_to_register(client_logged_in, business):
    response = client_logged_in.post(URL, {"betriebsnummer": business.betriebsnummer}, follow=True)

    main = _main(response.content.decode())
    assert "Ihre Anfrage ist eingegangen" in main
    assert "Melden Sie sich" not in main and "anmelden" not in main.lower()
    assert "registrieren" not in main.lower()
    assert "geben Sie Betriebsnummer und PIN ein" in main


def test_the_confirmation_tells_a_visitor_to_log_in_or_register(client, business):
    response = client.post(URL, {"betriebsnummer": business.betriebsnummer}, follow=True)

    assert "Melden Sie sich im Portal an oder registrieren Sie sich." in _main(response.content.decode())


def test_the_pin_request_page_tells_a_logged_in_user_neither_to_log_in_nor_to_register(client_logged_in, db):
    main = _main(client_logged_in.get(URL).content.decode())

    assert "anmelden" not in main.lower() and "registrieren" not in main.lower()


def test_a_request_for_a_business_without_email_sends_nothing_and_is_logged_as_refused_with_why(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    no_email = BusinessFactory(email="")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"betriebsnummer": no_email.betriebsnummer})
    assert response["Location"] == "/betrieb/pin-anfordern/gesendet/"
    assert mailoutbox == []
    assert not Pin.objects.filter(business=no_email).exists()
    event = AuditEvent.objects.get(action="businesses.pin.requested")
    assert (event.business, event.outcome, event.payload["reason"]) == (no_email, "refused", "no_email_of_record")
