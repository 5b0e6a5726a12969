from django.db import migrations

from help.migrations._initial_content import install


def forwards(apps, schema_editor):
    install(apps, schema_editor, only_missing=True)


class Migration(migrations.Migration):
    dependencies = [
        ("help", "0002_trigram_extension"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
