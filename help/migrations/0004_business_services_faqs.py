from django.db import migrations

from help.migrations._initial_content import install


def forwards(apps, schema_editor):
    # The topics and answers for the Online-Lehrvertrag, the Postfach and the Lehrstellenbörse, added to the shipped content
    # after 0003 ran; existing topics and answers (maybe edited by staff) stay as they are.
    install(apps, schema_editor, only_missing=True)


class Migration(migrations.Migration):
    dependencies = [
        ("help", "0003_initial_faqs"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
