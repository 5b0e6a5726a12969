from accounts import demo as accounts_demo
from businesses import demo as businesses_demo
from documents import demo
from documents.models import Document


def test_demo_postfach_has_documents_both_ways_with_files_and_is_idempotent(db):
    accounts_demo.load()
    businesses_demo.load()
    demo.load()
    demo.load()

    documents = Document.objects.filter(business__betriebsnummer="1234567")
    assert documents.count() == 4
    assert set(documents.values_list("direction", flat=True)) == {"to_chamber", "from_chamber"}
    assert documents.filter(direction="from_chamber", read_at__isnull=True).exists()  # a new one to open
    for document in documents:
        for stored in document.files.all():
            with stored.file.open("rb") as handle:
                assert handle.read(5) in (b"%PDF-", b"\x89PNG\r")
