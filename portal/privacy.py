"""What each app holds about a person: exported on request (Art. 15/20 GDPR), erased with the account (Art. 17).

Every app that stores personal data contributes a module `<app>/privacy.py`; it is found by looking
for that module in each installed app (as the admin finds `admin.py`), so a new app plugs in by adding
the file — no list to extend. The module defines:

    TITLE = _("Kursbuchungen")                 # heading in the export's summary (lazy, German first)
    ORDER = 40                                  # position in the export (smaller first; default 100)

    def export(user) -> ExportPart:
        '''Everything the app holds about `user`, JSON-serialisable, plus files.'''

    def erase(user, *, erasure: Erasure) -> None:
        '''Called inside the deletion's transaction, before the user row is deleted: delete what may
        go, pseudonymise what must be kept (commercial and tax retention), leave nothing that would
        block the deletion (PROTECT) or identify the person.'''

    def erase_blockers(user) -> list[str]:     # optional
        '''German sentences: why the account cannot be deleted yet (e.g. the last administrator of a
        business with colleagues). The deletion page shows them and refuses until they are resolved.'''

    def erase_notes(user) -> list[str]:        # optional
        '''German sentences for the deletion page: what of this app will be kept (pseudonymised).'''

An `ExportPart` holds `data` (dicts and lists of str, int, bool, None, date/time, Decimal), optional
`labels` (key → German label for the summary; keys stay English in the JSON) and `files` (stored
files, copied into the ZIP under `files/<app>/`). Keep the payload to what is about the person: no
password hashes, secrets, tokens or other people's data.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.core.files.storage import Storage


@dataclass
class ExportFile:
    """A stored file that belongs in the export: `arcname` is its name inside the ZIP."""

    arcname: str
    storage: Storage
    name: str


@dataclass
class ExportPart:
    data: Any
    labels: dict[str, str] = field(default_factory=dict)
    files: list[ExportFile] = field(default_factory=list)


@dataclass(frozen=True)
class Erasure:
    """Why an account is erased: by its owner ("Konto löschen") or after years without login."""

    by_owner: bool
    reason: str
    ip: str | None = None


@dataclass(frozen=True)
class Provider:
    app_label: str
    title: Any  # lazy: rendered in the language of the export
    order: int
    export: Callable[..., ExportPart]
    erase: Callable[..., None]
    erase_blockers: Callable[..., list[str]] | None
    erase_notes: Callable[..., list[str]] | None


_providers: list[Provider] | None = None


def providers() -> list[Provider]:
    """The privacy modules of the installed apps, in their ORDER (then the order of INSTALLED_APPS)."""
    global _providers
    if _providers is None:
        found = []
        for position, config in enumerate(apps.get_app_configs()):
            module_name = f"{config.name}.privacy"
            if config.name == "portal" or find_spec(module_name) is None:
                continue
            module = import_module(module_name)
            found.append(
                (
                    getattr(module, "ORDER", 100),
                    position,
                    Provider(
                        app_label=config.label,
                        title=getattr(module, "TITLE", config.verbose_name),
                        order=getattr(module, "ORDER", 100),
                        export=module.export,
                        erase=module.erase,
                        erase_blockers=getattr(module, "erase_blockers", None),
                        erase_notes=getattr(module, "erase_notes", None),
                    ),
                )
            )
        _providers = [provider for _order, _position, provider in sorted(found, key=lambda item: item[:2])]
    return _providers


def erase_blockers(user) -> list[str]:
    return [reason for p in providers() if p.erase_blockers for reason in p.erase_blockers(user)]


def erase_notes(user) -> list[str]:
    return [note for p in providers() if p.erase_notes for note in p.erase_notes(user)]


def erase_everywhere(user, *, erasure: Erasure) -> None:
    """Each app erases its part; the caller deletes the user row afterwards, in the same transaction."""
    for provider in providers():
        provider.erase(user, erasure=erasure)
