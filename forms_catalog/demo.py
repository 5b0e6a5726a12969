"""Demo forms for `make run`: three realistic forms of a chamber, one of them for businesses only."""

from decimal import Decimal

from accounts.models import User

from .models import FormDefinition, FormField, Submission
from .services import submission_create

T = FormField.Type

DEMO_FORMS = [
    {
        "slug": "aenderung-betriebsanschrift",
        "title": "Änderung der Betriebsanschrift",
        "audience": FormDefinition.Audience.BUSINESS,
        "description": (
            "Teilen Sie uns mit, wenn Ihr Betrieb umzieht. Wir ändern die Anschrift in der Handwerksrolle; "
            "die Gewerbeummeldung bei der Gemeinde ersetzt diese Mitteilung nicht."
        ),
        "fields": [
            ("neue_strasse", "Neue Straße und Hausnummer", T.SHORT_TEXT, True, {"max_length": 120}),
            ("neue_plz", "Postleitzahl", T.SHORT_TEXT, True, {"max_length": 5}),
            ("neuer_ort", "Ort", T.SHORT_TEXT, True, {"max_length": 80}),
            ("gueltig_ab", "Gültig ab", T.DATE, True, {}),
            ("betriebsstaette", "Betroffene Betriebsstätte", T.CHOICE, True, {"choices": "Hauptbetrieb\nFiliale"}),
            (
                "gewerbeummeldung",
                "Gewerbeummeldung",
                T.FILE,
                False,
                {"help_text": "Falls schon vorhanden: die Ummeldung der Gemeinde als PDF oder Foto."},
            ),
            ("anmerkungen", "Anmerkungen", T.LONG_TEXT, False, {"max_length": 2000}),
        ],
    },
    {
        "slug": "zweitschrift-handwerkskarte",
        "title": "Antrag auf Zweitschrift der Handwerkskarte",
        "audience": FormDefinition.Audience.ANY_USER,
        "description": (
            "Ist Ihre Handwerkskarte verloren gegangen, gestohlen oder beschädigt worden, stellen wir Ihnen "
            "eine Zweitschrift aus. Die Gebühr beträgt 25 Euro; Sie erhalten eine Rechnung."
        ),
        "fields": [
            (
                "grund",
                "Grund des Antrags",
                T.CHOICE,
                True,
                {"choices": "Verlust\nDiebstahl\nBeschädigung\nNamensänderung"},
            ),
            ("datum_ereignis", "Wann ist es passiert?", T.DATE, False, {}),
            (
                "anzahl",
                "Anzahl der Ausfertigungen",
                T.INTEGER,
                True,
                {"min_value": Decimal(1), "max_value": Decimal(3)},
            ),
            ("zustellung", "Zustellung", T.CHOICE, True, {"choices": "Postversand\nAbholung in der Kammer"}),
            (
                "nachweis",
                "Verlust- oder Diebstahlsanzeige",
                T.FILE,
                False,
                {"help_text": "Bei Diebstahl bitte die polizeiliche Anzeige beifügen (PDF, JPEG oder PNG)."},
            ),
            ("versicherung", "Ich versichere, dass meine Angaben richtig sind.", T.CHECKBOX, True, {}),
        ],
    },
    {
        "slug": "anmeldung-informationsveranstaltung",
        "title": "Anmeldung zu einer Informationsveranstaltung",
        "audience": FormDefinition.Audience.ANY_USER,
        "description": (
            "Informieren Sie sich kostenfrei über Meisterprüfung, Betriebsgründung und Fördermöglichkeiten. "
            "Die Plätze sind begrenzt; Sie erhalten eine Bestätigung."
        ),
        "fields": [
            (
                "veranstaltung",
                "Veranstaltung",
                T.CHOICE,
                True,
                {
                    "choices": (
                        "Wege zum Meister – 14.01.2027, Musterstadt\n"
                        "Existenzgründung im Handwerk – 28.01.2027, Musterstadt\n"
                        "Betriebsnachfolge – 11.02.2027, Beispielburg"
                    )
                },
            ),
            ("personen", "Anzahl der Personen", T.INTEGER, True, {"min_value": Decimal(1), "max_value": Decimal(4)}),
            (
                "themen",
                "Besonders interessieren mich",
                T.MULTIPLE_CHOICE,
                False,
                {"choices": "Aufstiegs-BAföG\nMeisterbonus\nGründungszuschuss\nÜbernahme eines Betriebs"},
            ),
            ("telefon", "Telefon für Rückfragen", T.SHORT_TEXT, False, {"max_length": 40}),
            ("email_rueckfragen", "Weitere E-Mail-Adresse", T.EMAIL, False, {}),
            ("anmerkungen", "Anmerkungen (z. B. Barrierefreiheit)", T.LONG_TEXT, False, {"max_length": 1000}),
            (
                "datenschutz",
                "Ich bin mit der Verarbeitung meiner Angaben zur Durchführung der Veranstaltung einverstanden.",
                T.CHECKBOX,
                True,
                {},
            ),
        ],
    },
]


def _load_form(spec: dict) -> FormDefinition:
    definition, _created = FormDefinition.objects.update_or_create(
        slug=spec["slug"],
        defaults={
            "title": spec["title"],
            "audience": spec["audience"],
            "description": spec["description"],
            "is_active": True,
        },
    )
    for position, (key, label, field_type, required, extra) in enumerate(spec["fields"], start=1):
        FormField.objects.update_or_create(
            form=definition,
            key=key,
            defaults={
                "position": position * 10,
                "label": label,
                "field_type": field_type,
                "required": required,
                "help_text": extra.get("help_text", ""),
                "choices": extra.get("choices", ""),
                "min_value": extra.get("min_value"),
                "max_value": extra.get("max_value"),
                "max_length": extra.get("max_length"),
            },
        )
    return definition


def load() -> list[tuple[str, str, str]]:
    definitions = {spec["slug"]: _load_form(spec) for spec in DEMO_FORMS}
    customer = User.objects.filter(email="kunde@example.de").first()
    copy_form = definitions["zweitschrift-handwerkskarte"]
    if customer is not None and not Submission.objects.filter(user=customer, form=copy_form).exists():
        submission = submission_create(
            definition=copy_form,
            fields=list(copy_form.fields.all()),
            user=customer,
            values={
                "grund": "Verlust",
                "datum_ereignis": "2026-11-02",
                "anzahl": "1",
                "zustellung": "Postversand",
                "nachweis": None,
                "versicherung": True,
            },
            uploads=[],
        )
        Submission.objects.filter(pk=submission.pk).update(
            status=Submission.Status.IN_PROGRESS,
            staff_remark="Wir haben Ihren Antrag erhalten und stellen die Zweitschrift in den nächsten Tagen aus.",
        )
    _load_business_submission(definitions["aenderung-betriebsanschrift"])
    return []


def _load_business_submission(address_form: FormDefinition) -> None:
    """A colleague of the demo business reported a move (visible to both people of that business)."""
    from businesses.demo import PEOPLE
    from businesses.models import Membership

    membership = (
        Membership.objects.filter(user__email=PEOPLE[1][0], status=Membership.Status.ACTIVE)
        .select_related("user", "business")
        .first()
    )
    if membership is None or Submission.objects.filter(form=address_form, business=membership.business).exists():
        return
    submission_create(
        definition=address_form,
        fields=list(address_form.fields.all()),
        user=membership.user,
        business=membership.business,
        values={
            "neue_strasse": "Am Gewerbepark 12",
            "neue_plz": "12347",
            "neuer_ort": "Musterstadt",
            "gueltig_ab": "2027-01-01",
            "betriebsstaette": "Hauptbetrieb",
            "gewerbeummeldung": None,
            "anmerkungen": "Die Werkstatt zieht zum Jahreswechsel in größere Räume.",
        },
        uploads=[],
    )
