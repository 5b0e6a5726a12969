"""Strings this app adds to shared templates (base.html, start page, login page, "Mein Portal").

Listed here so that they land in this app's catalogue (businesses/locale) and show in German before the
site catalogue is regenerated; gettext merges the catalogues at run time.
"""

from django.utils.translation import gettext_noop

SHARED_STRINGS = [
    gettext_noop("My business"),
    gettext_noop("Online services without login"),
    gettext_noop("PIN request for businesses"),
    gettext_noop("Your businesses:"),
]
