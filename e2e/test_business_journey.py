"""A business owner links the account with a one-time PIN, invites a colleague and removes her again."""

import re

import pytest
from celery.contrib.testing.worker import start_worker
from playwright.sync_api import expect

from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from businesses.tests.factories import BusinessFactory
from e2e.conftest import assert_accessible, link_in_mail
from portal.celery import app as celery_app

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, email: str) -> None:
    page.get_by_placeholder("E-Mail-Adresse", exact=True).fill(email)
    page.get_by_placeholder("Passwort", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


def test_pin_link_invite_colleague_and_remove_her(page, browser, live_server, mailoutbox):
    if celery_app.conf.broker_url.startswith("memory://"):
        pytest.fail("This journey needs CELERY_BROKER_URL (Redis) for the real worker; run it through `make test`.")
    celery_app.control.purge()
    BusinessFactory(betriebsnummer="4711000", name="Schreinerei Holzwurm GmbH", email="buero@holzwurm.example.de")
    owner = UserFactory(email="meisterin@holzwurm.example.de", first_name="Hanna", last_name="Holzwurm")
    colleague = UserFactory(email="geselle@holzwurm.example.de", first_name="Gero", last_name="Geselle")

    # Without an account: the start page leads to the online services, among them the PIN request.
    page.goto("/")
    page.get_by_role("main").get_by_role("link", name="Onlineangebote ohne Anmeldung").click()
    expect(page.get_by_role("heading", name="Onlineangebote ohne Anmeldung")).to_be_visible()
    assert_accessible(page, what="online services without login")
    page.get_by_role("link", name="PIN anfordern").click()
    expect(page.get_by_role("heading", name="Wo finde ich meine Betriebsnummer?")).to_be_visible()
    assert_accessible(page, what="PIN request")
    page.get_by_label("Betriebsnummer").fill("47-11")
    page.get_by_role("button", name="PIN anfordern").click()
    # At the field, and in the summary at the top of the form with a link to the field.
    expect(page.locator("#id_betriebsnummer_error")).to_contain_text("Eine Betriebsnummer besteht aus 5 bis 10 Ziffern")
    expect(page.get_by_role("alert").get_by_role("link", name=re.compile("^Betriebsnummer: Eine"))).to_be_visible()
    assert_accessible(page, what="PIN request refused")
    page.get_by_label("Betriebsnummer").fill("4711000")
    page.get_by_role("button", name="PIN anfordern").click()
    expect(page.get_by_role("heading", name="Vielen Dank, Ihre Anfrage ist eingegangen")).to_be_visible()
    assert_accessible(page, what="PIN requested")

    # The PIN arrives only at the business's address of record.
    assert [mail.to for mail in mailoutbox] == [["buero@holzwurm.example.de"]]
    pin = re.search(r"PIN: ([A-Z2-9]{4}-[A-Z2-9]{4})", mailoutbox[0].body).group(1)

    # The owner logs in and enters number and PIN (typed in lower case, without the dash).
    page.get_by_role("link", name="Konto mit dem Betrieb verknüpfen").click()
    log_in(page, owner.email)
    expect(page.get_by_role("heading", name="Konto mit einem Betrieb verknüpfen")).to_be_visible()
    assert_accessible(page, what="link the business")
    page.get_by_label("Betriebsnummer").fill("4711000")
    page.get_by_label("PIN").fill(pin.replace("-", "").lower())

    # The queue is busy for a moment: the link waits in "wird eingerichtet" until a worker picks it up.
    celery_app.conf.task_always_eager = False
    page.get_by_role("button", name="Betrieb verknüpfen").click()
    expect(page.get_by_text("Ihre Verknüpfung mit Schreinerei Holzwurm GmbH wird eingerichtet")).to_be_visible()
    with start_worker(celery_app, perform_ping_check=False, loglevel="WARNING"):
        # The page updates itself; no new login.
        expect(page.get_by_text("Ihr Konto ist jetzt mit Schreinerei Holzwurm GmbH verknüpft")).to_be_visible(
            timeout=15_000
        )
        expect(page.get_by_role("heading", name="Mein Betrieb")).to_be_visible()
        # Her role, in the business's details: administrator.
        expect(page.get_by_role("definition").filter(has_text="Administrator")).to_be_visible()
        assert_accessible(page, what="Mein Betrieb")

        # She invites her colleague.
        page.get_by_label("E-Mail-Adresse Ihrer Kollegin oder Ihres Kollegen").fill(colleague.email)
        page.get_by_role("button", name="Einladung senden").click()
        expect(page.get_by_text(f"Die Einladung wurde an {colleague.email} gesendet.")).to_be_visible()
        invitation = _wait_for_mail(mailoutbox, colleague.email)

        # The colleague opens the link, logs in and joins without a PIN.
        other = browser.new_context(base_url=live_server.url, locale="de-DE")
        colleague_page = other.new_page()
        colleague_page.set_default_timeout(10_000)
        colleague_page.goto(link_in_mail(invitation.body))
        expect(colleague_page.get_by_text("Die Einladung kommt von Hanna Holzwurm.")).to_be_visible()
        assert_accessible(colleague_page, what="invitation for a logged-out person")
        colleague_page.get_by_role("link", name="Ich habe schon ein Konto: Anmelden").click()
        assert_accessible(colleague_page, what="login from the invitation")
        log_in(colleague_page, colleague.email)
        colleague_page.get_by_role("button", name="Betrieb beitreten").click()
        assert_accessible(colleague_page, what="invitation accepted")
        expect(
            colleague_page.get_by_text("Sie sind Schreinerei Holzwurm GmbH als Mitglied beigetreten")
        ).to_be_visible()

        # The owner sees her and removes her with a reason.
        page.reload()
        row = page.get_by_role("row").filter(has_text=colleague.email)
        expect(row.get_by_role("cell", name="Mitglied", exact=True)).to_be_visible()
        row.get_by_role("link", name="Entfernen").click()
        assert_accessible(page, what="remove a member")
        page.get_by_label("Grund").fill("Ausbildung beendet")
        page.get_by_role("button", name="Mitglied entfernen").click()
        expect(page.get_by_text("Gero Geselle ist nicht mehr mit dem Betrieb verknüpft.")).to_be_visible()

        # On her next click, the colleague has lost access to the business.
        colleague_page.get_by_role("link", name="Mein Betrieb").click()
        expect(colleague_page.get_by_text("Ihr Konto ist noch nicht mit einem Betrieb verknüpft")).to_be_visible()
        expect(colleague_page.get_by_text("Schreinerei Holzwurm GmbH")).to_have_count(0)
        assert_accessible(colleague_page, what="Mein Betrieb without a business")
        removal = _wait_for_mail(mailoutbox, colleague.email, subject="beendet")
        assert "Ausbildung beendet" in removal.body
        other.close()


def _wait_for_mail(mailoutbox, to: str, subject: str = "", timeout: float = 10):
    """Mails leave through the outbox and the worker; wait until the one for `to` is there."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for mail in reversed(mailoutbox):
            if mail.to == [to] and subject in mail.subject:
                return mail
        time.sleep(0.05)
    raise AssertionError(f"no mail to {to} ({subject!r}) within {timeout} s")
