import base64
import re
import zlib
from datetime import timedelta

from django.utils import timezone

from businesses.models import AuditEvent, Membership, Pin
from businesses.pins import pin_hash
from businesses.tests.factories import BranchFactory, BusinessFactory, MembershipFactory, PinFactory


def _action(client, model, action, ids, **extra):
    return client.post(
        f"/admin/businesses/{model}/", {"action": action, "_selected_action": [str(i) for i in ids], **extra}
    )


def test_staff_search_businesses_by_number_and_name(staff_client, business):
    BranchFactory(main_business=business, filialnummer="2", name="Elektro Muster Nord")
    BusinessFactory(name="Dachdecker Beispiel")
    html = staff_client.get("/admin/businesses/business/?q=1234567").content.decode()
    assert "Elektro Muster GmbH" in html and "Elektro Muster Nord" in html and "Dachdecker" not in html
    html = staff_client.get("/admin/businesses/business/?q=1234567-2").content.decode()
    assert "Elektro Muster Nord" in html and "Elektro Muster GmbH</a>" not in html
    assert "Dachdecker Beispiel" in staff_client.get("/admin/businesses/business/?q=dachdecker").content.decode()


def test_staff_sends_pin_by_mail(staff_client, business, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _action(staff_client, "business", "send_pin_mail", [business.pk])
    assert response.status_code == 302
    assert mailoutbox[-1].to == [business.email]
    clear = re.search(r"PIN: ([A-Z2-9]{4}-[A-Z2-9]{4})", mailoutbox[-1].body).group(1)
    pin = Pin.objects.get(business=business)
    assert pin.channel == Pin.Channel.MAIL
    assert pin.pin_hash == pin_hash(clear)
    # The business page shows the PIN row but never the PIN.
    html = staff_client.get(f"/admin/businesses/business/{business.pk}/change/").content.decode()
    assert "von der Kammer per E-Mail gesendet" in html
    assert clear not in html and clear.replace("-", "") not in html


def test_staff_prints_pin_letter_as_pdf(staff_client, business):
    response = _action(staff_client, "business", "print_pin_letter", [business.pk])
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    pin = Pin.objects.get(business=business)
    assert pin.channel == Pin.Channel.LETTER and pin.used_at is None


def _pdf_text(data: bytes) -> str:
    text = b""
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            text += zlib.decompress(stream)
        except zlib.error:
            try:
                text += zlib.decompress(base64.a85decode(stream.strip().removesuffix(b"~>")))
            except (ValueError, zlib.error):
                continue
    return text.decode("latin-1")


def test_pin_letter_is_german_and_holds_the_pin_and_how_to_use_it(business):
    from businesses.letters import pin_letters_pdf
    from businesses.services import pin_letter_context

    data = pin_letters_pdf([(business, pin_letter_context(business=business, pin="ABCDEFGH"))])
    text = _pdf_text(data)
    assert "PIN: ABCD-EFGH" in text
    assert "Sehr geehrte Damen und Herren" in text
    assert "Betriebsnummer 1234567" in text
    assert "/betrieb/verknuepfen/" in text
    assert "Handwerkskarte" in text


def test_staff_ends_membership_with_reason(staff_client, business, mailoutbox, django_capture_on_commit_callbacks):
    admin = MembershipFactory(business=business, role=Membership.Role.ADMIN)
    MembershipFactory(business=business)
    confirm = _action(staff_client, "membership", "end_memberships", [admin.pk])
    assert "Mitgliedschaft mit Begründung beenden" in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        _action(staff_client, "membership", "end_memberships", [admin.pk], reason="Inhaberwechsel")
    admin.refresh_from_db()
    # Staff are not bound by the last-admin rule.
    assert admin.status == Membership.Status.ENDED and admin.end_reason == "Inhaberwechsel"
    event = AuditEvent.objects.get(action="businesses.membership.ended_by_staff")
    assert event.payload["reason"] == "Inhaberwechsel"
    assert mailoutbox[-1].to == [admin.user.email]


def test_business_page_shows_members_and_audit_trail(staff_client, business):
    membership = MembershipFactory(business=business)
    PinFactory(business=business)
    AuditEvent.objects.create(action="businesses.pin.requested", business=business)
    html = staff_client.get(f"/admin/businesses/business/{business.pk}/change/").content.decode()
    assert membership.user.email in html
    assert "PIN angefordert" in html
    trail = staff_client.get(f"/admin/businesses/auditevent/?business__id__exact={business.pk}")
    assert trail.status_code == 200
    assert "PIN angefordert" in trail.content.decode()


def test_the_audit_trail_and_its_export_show_readable_german_actions(staff_client, business):
    event = AuditEvent.objects.create(action="businesses.pin.issued", business=business)

    trail = staff_client.get("/admin/businesses/auditevent/").content.decode()
    export = _action(staff_client, "auditevent", "export_csv", [event.pk])

    assert "PIN ausgestellt" in trail
    assert ">businesses.pin.issued<" not in trail
    assert export["Content-Type"].startswith("text/csv")
    assert "PIN ausgestellt" in export.content.decode("utf-8-sig")


def test_every_audit_action_the_apps_write_has_a_label():
    import pathlib
    import re

    from django.conf import settings

    from businesses.audit import ACTION_LABELS

    written = set()
    for path in pathlib.Path(settings.BASE_DIR).glob("*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts or "migrations" in path.parts:
            continue
        # action="…" in calls, and constants that hold an action (action = "…", REDEEM_FAILED = "…").
        written |= set(re.findall(r'(?:action ?= ?|_FAILED = )"([a-z_]+\.[a-z_]+\.[a-z_]+)"', path.read_text()))
    assert written, "no audit actions found"
    missing = {code for code in written if code.split(".")[0] in {"accounts", "businesses", "contracts", "documents"}}
    assert sorted(missing - set(ACTION_LABELS)) == []


def test_the_admin_shows_how_many_pins_of_a_business_are_open(staff_client, business):
    PinFactory.create_batch(2, business=business)
    PinFactory(business=business, expires_at=timezone.now() - timedelta(days=1))
    PinFactory(business=business, used_at=timezone.now())

    html = staff_client.get("/admin/businesses/business/").content.decode()

    assert "Offene PINs" in html
    assert '<td class="field-open_pins">2</td>' in html


def test_staff_cannot_mail_a_pin_to_a_business_without_email_but_can_print_a_letter_for_it(staff_client, db):
    no_email = BusinessFactory(email="")
    response = _action(staff_client, "business", "send_pin_mail", [no_email.pk])
    page = staff_client.get(response["Location"]).content.decode()
    assert "keine E-Mail-Adresse hinterlegt" in page
    assert not Pin.objects.filter(business=no_email).exists()

    letter = _action(staff_client, "business", "print_pin_letter", [no_email.pk])
    assert letter["Content-Type"] == "application/pdf"
    assert Pin.objects.get(business=no_email).channel == Pin.Channel.LETTER


def test_the_printed_pin_letter_holds_the_pin_that_links(staff_client, business):
    response = _action(staff_client, "business", "print_pin_letter", [business.pk])
    clear = re.search(r"PIN: ([A-Z2-9]{4}-[A-Z2-9]{4})", _pdf_text(response.content)).group(1)
    assert Pin.objects.get(business=business).pin_hash == pin_hash(clear)


def test_a_pin_sent_by_staff_shows_in_the_business_audit_trail_with_who_sent_it(staff_client, business):
    _action(staff_client, "business", "send_pin_mail", [business.pk])
    event = AuditEvent.objects.get(action="businesses.pin.issued", business=business)
    html = staff_client.get(f"/admin/businesses/business/{business.pk}/change/").content.decode()
    assert "PIN ausgestellt" in html  # the audit trail reads the action in German, not its code
    assert str(event.actor) in html and event.actor.is_staff
