from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class TrigramExtensionOnPostgreSQL(TrigramExtension):
    """pg_trgm for the help search's typo tolerance. Nothing to do on SQLite (make run); never dropped again
    on the way back, since other tables may use it by then."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass


class Migration(migrations.Migration):
    dependencies = [
        ("help", "0001_initial"),
    ]

    operations = [
        TrigramExtensionOnPostgreSQL(),
    ]
