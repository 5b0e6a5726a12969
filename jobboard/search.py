"""The stored full-text document of a posting (PostgreSQL); SQLite searches with icontains instead."""

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db.models import Func


class VacancySearchDocument(Func):
    """Title weighs most, then the description, then the place. A stored generated column, so PostgreSQL
    computes it when a posting is written, not for every row of every search; a GIN index serves it
    (migration 0002). On SQLite the column holds an empty text."""

    template = "%(expressions)s"

    def __init__(self, **extra):
        vector = (
            SearchVector("title", weight="A", config="german")
            + SearchVector("description", weight="B", config="german")
            + SearchVector("site_city", weight="C", config="simple")
        )
        super().__init__(vector, output_field=SearchVectorField(), **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        return "''", []
