"""The stored full-text search document of a course (PostgreSQL); SQLite searches with icontains instead."""

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db.models import Func


class CourseSearchDocument(Func):
    """Title and number weigh most, then description, target group and prerequisites, then place and funding.

    Used as the expression of a stored generated column, so PostgreSQL computes it when a course is written
    instead of for every row of every catalog search. On SQLite the column holds an empty text.
    """

    template = "%(expressions)s"

    def __init__(self, **extra):
        vector = (
            SearchVector("title", weight="A", config="german")
            + SearchVector("number", weight="A", config="simple")
            + SearchVector("description", "target_group", "prerequisites", weight="B", config="german")
            + SearchVector("place", "funding_hint", weight="C", config="german")
        )
        super().__init__(vector, output_field=SearchVectorField(), **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        return "''", []
