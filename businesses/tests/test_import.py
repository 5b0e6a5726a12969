from io import StringIO

from django.core.management import call_command

from businesses.models import Business

CSV = """betriebsnummer;filialnummer;name;rechtsform;gewerk;strasse;plz;ort;email;aktiv
1234567;2;Elektro Muster Filiale Nord;GmbH;Elektrotechniker;Nordstr. 2;12345;Musterstadt;nord@elektro-muster.de;1
1234567;;Elektro Muster GmbH;GmbH;Elektrotechniker;Hauptstr. 1;12345;Musterstadt;info@elektro-muster.de;ja
12AB;;Kaputt GmbH;;;;;;;
7654321;;;;;;;;;
7654321;5;Filiale ohne Hauptbetrieb;;;;;;;
2345678;;Dachdecker Beispiel;e.K.;Dachdecker;Dachweg 3;12345;Musterstadt;keine-adresse;
"""


def _run(tmp_path, text=CSV) -> str:
    path = tmp_path / "register.csv"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("import_businesses", str(path), stdout=out)
    return out.getvalue()


def test_import_creates_businesses_and_branches_and_reports_rejected_rows(db, tmp_path):
    output = _run(tmp_path)
    assert "2 neu, 0 geändert, 0 unverändert, 4 abgelehnt" in output
    assert "Zeile 4: Betriebsnummer „12AB“ hat nicht 5 bis 10 Ziffern" in output
    assert "Zeile 5: Name fehlt" in output
    assert "Zeile 6: Hauptbetrieb 7654321 fehlt für Filiale 5" in output
    assert "Zeile 7: E-Mail-Adresse „keine-adresse“ ist ungültig" in output
    branch = Business.objects.get(filialnummer="2")
    assert branch.main_business == Business.objects.get(betriebsnummer="1234567", filialnummer="")
    assert branch.email == "nord@elektro-muster.de"


def test_import_is_idempotent_and_updates_changed_rows(db, tmp_path):
    _run(tmp_path)
    assert "0 neu, 0 geändert, 2 unverändert" in _run(tmp_path)
    changed = CSV.replace("info@elektro-muster.de;ja", "neu@elektro-muster.de;nein")
    assert "0 neu, 1 geändert, 1 unverändert" in _run(tmp_path, changed)
    main = Business.objects.get(betriebsnummer="1234567", filialnummer="")
    assert (main.email, main.is_active) == ("neu@elektro-muster.de", False)
    assert Business.objects.count() == 2


def test_import_accepts_commas_and_documents_its_columns(db, tmp_path):
    text = "Betriebsnummer,Name,Email\n3456789,Friseur Kamm,info@kamm.de\n"
    assert "1 neu" in _run(tmp_path, text)
    assert Business.objects.get(betriebsnummer="3456789").email == "info@kamm.de"
    from businesses.management.commands.import_businesses import Command

    assert "gewerk" in Command.help and "filialnummer" in Command.help
