"""A colleague without an account opens the invitation, registers from it and — after activating the account
from the mail, on another device — is in the business without opening the invitation again."""

import re

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from businesses.models import Membership
from businesses.tests.factories import BusinessFactory, MembershipFactory
from e2e.conftest import assert_accessible, link_in_mail

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "Gesellenbrief-Feile-31"


def test_a_new_person_registers_from_the_invitation_and_lands_in_the_business(page, browser, live_server, mailoutbox):
    business = BusinessFactory(name="Schreinerei Holzwurm GmbH")
    owner = UserFactory(email="meisterin@holzwurm.example.de", first_name="Hanna", last_name="Holzwurm")
    MembershipFactory(business=business, user=owner, role=Membership.Role.ADMIN)

    # The owner invites a new colleague from "Mein Betrieb".
    page.goto("/accounts/login/?next=/betrieb/")
    page.get_by_placeholder("E-Mail-Adresse", exact=True).fill(owner.email)
    page.get_by_placeholder("Passwort", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_label("E-Mail-Adresse Ihrer Kollegin oder Ihres Kollegen").fill("neu@holzwurm.example.de")
    page.get_by_role("button", name="Einladung senden").click()
    expect(page.get_by_text("Die Einladung wurde an neu@holzwurm.example.de gesendet.")).to_be_visible()
    [invitation] = [mail for mail in mailoutbox if mail.to == ["neu@holzwurm.example.de"]]

    # The colleague opens the link without an account: the page says who invites to which business.
    laptop = browser.new_context(base_url=live_server.url, locale="de-DE").new_page()
    laptop.set_default_timeout(10_000)
    laptop.goto(link_in_mail(invitation.body))
    expect(laptop.get_by_role("heading", name="Einladung zu einem Betrieb")).to_be_visible()
    expect(laptop.get_by_text("Schreinerei Holzwurm GmbH")).to_be_visible()
    expect(laptop.get_by_text("Die Einladung kommt von Hanna Holzwurm.")).to_be_visible()
    assert_accessible(laptop, what="invitation opened while logged out")

    # "Registrieren": the sign-up form opens with the invited address.
    laptop.get_by_role("main").get_by_role("button", name="Registrieren").click()
    expect(laptop.get_by_label("E-Mail-Adresse")).to_have_value("neu@holzwurm.example.de")
    laptop.get_by_label("Anrede").select_option(label="Herr")
    laptop.get_by_label("Vorname").fill("Gero")
    laptop.get_by_label("Nachname").fill("Geselle")
    laptop.get_by_label("Datenschutzhinweise").check()
    laptop.get_by_role("main").get_by_role("button", name="Registrieren").click()
    expect(laptop.get_by_role("heading", name="Fast geschafft: Bitte prüfen Sie Ihr Postfach")).to_be_visible()

    # The activation link is opened on the phone: another browser, no session of the sign-up.
    [activation] = [mail for mail in mailoutbox if mail.to == ["neu@holzwurm.example.de"] and mail is not invitation]
    phone = browser.new_context(base_url=live_server.url, locale="de-DE").new_page()
    phone.set_default_timeout(10_000)
    phone.goto(link_in_mail(activation.body))
    phone.get_by_role("button", name="Konto aktivieren").click()
    phone.get_by_label(re.compile(r"^\s*Passwort\*?\s*$")).fill(NEW_PASSWORD)
    phone.get_by_label("Passwort wiederholen").fill(NEW_PASSWORD)
    phone.get_by_role("main").get_by_role("button", name="Passwort festlegen").click()

    # In the business straight away, without opening the invitation mail again.
    expect(phone.get_by_role("heading", name="Mein Betrieb")).to_be_visible()
    expect(phone.get_by_text("Sie sind Schreinerei Holzwurm GmbH als Mitglied beigetreten")).to_be_visible()
    membership = Membership.objects.get(user__email="neu@holzwurm.example.de")
    assert (membership.business, membership.status) == (business, Membership.Status.ACTIVE)
