import hashlib

import factory
from django.core.files.base import ContentFile
from django.db.models import Count, Sum

from businesses.tests.factories import BusinessFactory
from documents.models import Department, Document, DocumentFile

from .samples import pdf_bytes


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Abteilung {n}")
    position = factory.Sequence(lambda n: n)


class DocumentFactory(factory.django.DjangoModelFactory):
    """A document without files (`DocumentFileFactory` adds them)."""

    class Meta:
        model = Document

    business = factory.SubFactory(BusinessFactory)
    direction = Document.Direction.FROM_CHAMBER
    department = factory.SubFactory(DepartmentFactory, name="Lehrlingsrolle")
    subject = factory.Sequence(lambda n: f"Bescheinigung Nr. {n}")
    sent_by_name = "Sabine Sachbearbeiter"


class DocumentFileFactory(factory.django.DjangoModelFactory):
    """A stored PDF of a document (written to STORAGES["private"])."""

    class Meta:
        model = DocumentFile
        exclude = ["content"]
        skip_postgeneration_save = True

    content = factory.LazyFunction(pdf_bytes)
    document = factory.SubFactory(DocumentFactory)
    original_name = "Bescheinigung.pdf"
    kind = "pdf"
    size = factory.LazyAttribute(lambda o: len(o.content))
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.content).hexdigest())
    file = factory.LazyAttribute(lambda o: ContentFile(o.content, name=o.original_name))

    @factory.post_generation
    def count_on_document(obj, create, extracted, **kwargs):
        if create:
            files = obj.document.files.aggregate(count=Count("pk"), size=Sum("size"))
            Document.objects.filter(pk=obj.document_id).update(file_count=files["count"], total_bytes=files["size"])
