"""The register import: businesses from the chamber's register (CSV), created or updated idempotently."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from ..models import BETRIEBSNUMMER_RE, FILIALNUMMER_RE, Business

IMPORT_COLUMNS = [
    "betriebsnummer",
    "filialnummer",
    "name",
    "rechtsform",
    "gewerk",
    "strasse",
    "plz",
    "ort",
    "email",
    "aktiv",
]


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str]] = None  # (line number, reason)

    def __post_init__(self) -> None:
        self.rejected = self.rejected or []


def _truthy(value: str) -> bool:
    return (value or "").strip().lower() not in {"0", "nein", "n", "false", "no", "inaktiv"}


def business_import_rows(*, rows: list[tuple[int, dict]]) -> ImportResult:
    """Create or update businesses from register rows (line number, column → value); idempotent.

    Main businesses are handled before branches, so a branch may appear before its main business.
    Each row is saved in its own savepoint: a bad row is reported and the others still go in.
    """
    result = ImportResult()
    rows = sorted(rows, key=lambda item: bool((item[1].get("filialnummer") or "").strip()))
    for line, row in rows:
        data = {key: (row.get(key) or "").strip() for key in IMPORT_COLUMNS}
        number, branch = data["betriebsnummer"], data["filialnummer"]
        if not re.match(BETRIEBSNUMMER_RE, number):
            result.rejected.append((line, f"Betriebsnummer „{number}“ hat nicht 5 bis 10 Ziffern"))
            continue
        if branch and not re.match(FILIALNUMMER_RE, branch):
            result.rejected.append((line, f"Filialnummer „{branch}“ hat nicht 1 bis 4 Ziffern"))
            continue
        if not data["name"]:
            result.rejected.append((line, "Name fehlt"))
            continue
        if data["email"]:
            try:
                validate_email(data["email"])
            except ValidationError:
                result.rejected.append((line, f"E-Mail-Adresse „{data['email']}“ ist ungültig"))
                continue
        main = None
        if branch:
            main = Business.objects.filter(betriebsnummer=number, filialnummer="").first()
            if main is None:
                result.rejected.append((line, f"Hauptbetrieb {number} fehlt für Filiale {branch}"))
                continue
        values = {
            "name": data["name"][:200],
            "legal_form": data["rechtsform"][:80],
            "trade": data["gewerk"][:120],
            "street": data["strasse"][:200],
            "postal_code": data["plz"][:10],
            "city": data["ort"][:120],
            "email": data["email"].lower(),
            "is_active": _truthy(data["aktiv"]) if data["aktiv"] else True,
            "main_business": main,
        }
        with transaction.atomic():
            existing = Business.objects.select_for_update().filter(betriebsnummer=number, filialnummer=branch).first()
            if existing is None:
                Business.objects.create(betriebsnummer=number, filialnummer=branch, **values)
                result.created += 1
                continue
            changed = [field for field, value in values.items() if getattr(existing, field) != value]
            if not changed:
                result.unchanged += 1
                continue
            for field in changed:
                setattr(existing, field, values[field])
            existing.save(update_fields=[*changed, "updated_at"])
            result.updated += 1
    return result
