"""A name or a reason a person typed reaches a mail as text, never as a link (issue: outside probe)."""

from businesses.models import Membership
from businesses.tests.factories import MembershipFactory

PHISH = '<a href="https://phish.example">Kammer-Login</a>'


def _html(mail) -> str:
    [(html, mimetype)] = mail.alternatives
    assert mimetype == "text/html"
    return html


def test_an_invitation_from_an_admin_with_markup_in_the_name_carries_no_foreign_link(
    admin_client, admin_membership, mailoutbox, django_capture_on_commit_callbacks
):
    admin_membership.user.first_name = PHISH
    admin_membership.user.save(update_fields=["first_name"])

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/betrieb/einladen/", {"email": "geselle@example.de"})

    assert response.status_code == 302
    html = _html(mailoutbox[-1])
    assert 'href="https://phish.example' not in html
    assert "&lt;a href=&quot;https://phish.example&quot;&gt;Kammer-Login&lt;/a&gt;" in html
    assert 'href="http://testserver/betrieb/einladung/' in html  # the portal's own link still works
    assert PHISH in mailoutbox[-1].body  # the plain-text part shows what was typed, as text


def test_a_removal_reason_with_markup_reaches_the_removed_member_as_text(
    admin_client, business, mailoutbox, django_capture_on_commit_callbacks
):
    colleague = MembershipFactory(business=business, role=Membership.Role.MEMBER)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/betrieb/mitglieder/{colleague.pk}/entfernen/", {"reason": PHISH})

    assert response.status_code == 302
    [mail] = [m for m in mailoutbox if m.to == [colleague.user.email]]
    html = _html(mail)
    assert 'href="https://phish.example' not in html
    assert "&lt;a href=&quot;https://phish.example&quot;&gt;" in html


def test_allauths_password_reset_mail_gets_its_html_part_the_same_way(
    client, user_factory, mailoutbox, django_capture_on_commit_callbacks
):
    user_factory(email="meister@example.de", first_name=PHISH)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": "meister@example.de"})

    assert response.status_code == 302
    [mail] = mailoutbox
    html = _html(mail)
    assert html.count("<a ") == 1
    assert 'href="http://testserver/accounts/password/reset/key/' in html
