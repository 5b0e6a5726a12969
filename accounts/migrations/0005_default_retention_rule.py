from django.db import migrations


def create_rule(apps, schema_editor):
    # Staff find the setting in the admin from the start, with the default period (three years).
    AccountRetention = apps.get_model("accounts", "AccountRetention")
    if not AccountRetention.objects.exists():
        AccountRetention.objects.create(inactive_days=3 * 365, is_active=True)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_sessions_exports_inactivity")]

    operations = [migrations.RunPython(create_rule, migrations.RunPython.noop)]
