import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from businesses.services import IMPORT_COLUMNS, business_import_rows

HELP = """Import businesses from a CSV export of the chamber's register (Handwerksrolle).

The file is UTF-8 (a BOM is fine), separated by semicolons or commas, with a header row naming these
columns (order free, further columns ignored):

  betriebsnummer  5 to 10 digits (required)
  filialnummer    1 to 4 digits for a branch, empty for the main business
  name            name of the business (required)
  rechtsform      legal form, e.g. GmbH, e.K.
  gewerk          trade, e.g. Elektrotechniker
  strasse         street and number
  plz             postal code
  ort             city
  email           e-mail address of record (the PIN goes only there)
  aktiv           1/ja/true = active (default), 0/nein/false = no longer active

A row is identified by (betriebsnummer, filialnummer): running the import again updates changed rows and
leaves the rest alone. A branch needs its main business (in the same file or already imported).
Rejected rows are listed with their line number and the reason; the others are imported.
"""


class Command(BaseCommand):
    help = HELP

    def create_parser(self, *args, **kwargs):
        from argparse import RawDescriptionHelpFormatter

        parser = super().create_parser(*args, **kwargs)
        parser.formatter_class = RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser):
        parser.add_argument("csv_file", type=Path, help="path of the CSV export")

    def handle(self, *args, csv_file: Path, **options):
        if not csv_file.exists():
            raise CommandError(f"Datei nicht gefunden: {csv_file}")
        text = csv_file.read_text(encoding="utf-8-sig")
        try:
            dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=";,")
        except (csv.Error, IndexError) as exc:
            raise CommandError("Die Datei hat keine Kopfzeile mit Spaltennamen.") from exc
        reader = csv.DictReader(text.splitlines(), dialect=dialect)
        header = [name.strip().lower() for name in reader.fieldnames or []]
        missing = {"betriebsnummer", "name"} - set(header)
        if missing:
            raise CommandError(
                f"Pflichtspalten fehlen: {', '.join(sorted(missing))}. Erwartet: {', '.join(IMPORT_COLUMNS)}"
            )
        reader.fieldnames = header
        rows = [(number, row) for number, row in enumerate(reader, start=2)]
        result = business_import_rows(rows=rows)
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.created} neu, {result.updated} geändert, {result.unchanged} unverändert, "
                f"{len(result.rejected)} abgelehnt."
            )
        )
        for line, reason in sorted(result.rejected):
            self.stdout.write(self.style.WARNING(f"  Zeile {line}: {reason}"))
