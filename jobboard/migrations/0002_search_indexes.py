from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class TrigramExtensionOnPostgreSQL(TrigramExtension):
    """pg_trgm for the typo tolerance of the search (also created by help). Nothing to do on SQLite."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass


FORWARD = [
    # Full text: the stored document of each posting.
    "CREATE INDEX IF NOT EXISTS jobboard_vacancy_search_gin ON jobboard_vacancy USING gin (search_document)",
    # Typos: word similarity of a typed word and the title.
    "CREATE INDEX IF NOT EXISTS jobboard_vacancy_title_trgm ON jobboard_vacancy USING gin (title gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS jobboard_vacancy_search_gin",
    "DROP INDEX IF EXISTS jobboard_vacancy_title_trgm",
]


def _run(statements):
    def run(apps, schema_editor):
        # GIN indexes exist on PostgreSQL only; SQLite (make run) searches without them.
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("jobboard", "0001_initial"),
    ]

    operations = [
        TrigramExtensionOnPostgreSQL(),
        migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False),
    ]
