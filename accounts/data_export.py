""" "Meine Daten herunterladen" (Art. 15 and 20 GDPR): a ZIP of everything the portal holds about a person.

Requested on the page, built by a Celery task from the apps' privacy modules (portal.privacy), stored
in the private storage (portal.files, never served by URL), announced by mail, downloadable once within
DATA_EXPORT_VALID_DAYS behind login; a periodic sweep removes the file after download or expiry and
builds what a lost task left pending.
"""

import json
import logging
import shutil
import tempfile
import zipfile
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.files import File
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from notifications.services import absolute_url, email_send_template
from portal import privacy

from .audit import account_audit
from .errors import AccountError
from .models import DataExport, User

logger = logging.getLogger(__name__)

REQUESTS_PER_DAY = 3
# A build still pending after this long lost its task (broker down, worker gone): the sweep builds it.
SWEEP_GRACE = timedelta(minutes=5)
# A downloaded file stays this long, so that a download in progress is not cut off.
KEEP_AFTER_DOWNLOAD = timedelta(hours=1)


def _enqueue_build(export_id: int) -> None:
    from .tasks import data_export_build_task

    data_export_build_task.delay(export_id)


@transaction.atomic
def data_export_request(*, user: User, ip: str | None = None) -> DataExport:
    """Start a new export. One at a time, and a few per day (each one reads everything about the person)."""
    User.objects.select_for_update().filter(pk=user.pk).first()  # one request at a time per person
    exports = DataExport.objects.filter(user=user)
    if exports.filter(status=DataExport.Status.PENDING).exists():
        raise AccountError(
            _("Your data export is being prepared. We will send you a mail when it is ready."), "pending"
        )
    if exports.filter(requested_at__gt=timezone.now() - timedelta(days=1)).count() >= REQUESTS_PER_DAY:
        raise AccountError(
            _("You have requested your data %(count)d times today. Please try again tomorrow.")
            % {"count": REQUESTS_PER_DAY},
            "rate_limited",
        )
    # A new export replaces one that is still waiting for its download.
    for previous in exports.filter(status=DataExport.Status.READY):
        _discard_file(previous, status=DataExport.Status.EXPIRED)
    export = DataExport.objects.create(user=user)
    account_audit(
        action="accounts.export.requested", actor=user, target_user=user, payload={"export": export.pk}, ip=ip
    )
    transaction.on_commit(lambda: _enqueue_build(export.pk), robust=True)
    return export


def data_export_get_for_user(*, user: User, pk: int) -> DataExport:
    export = DataExport.objects.filter(user=user, pk=pk).first()
    if export is None:
        raise Http404
    return export


def data_exports_of(*, user: User):
    return DataExport.objects.filter(user=user).order_by("-requested_at", "-pk")[:5]


# --- building -------------------------------------------------------------------------------------


def _plain(value):
    """A value for the readable summary: dates in German, yes/no, a dash for nothing."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal | float):
        return formats.number_format(value, decimal_pos=2, use_l10n=True)
    return str(value)


def _block(value, labels: dict) -> dict:
    """The summary's structure for one value: a list of fields, a table, a list or a plain value."""
    if isinstance(value, dict):
        return {
            "kind": "fields",
            "rows": [(labels.get(key, key), _block(item, labels)) for key, item in value.items()],
        }
    if isinstance(value, list | tuple):
        if value and all(isinstance(item, dict) for item in value):
            keys = list(dict.fromkeys(key for item in value for key in item))
            return {
                "kind": "table",
                "headers": [labels.get(key, key) for key in keys],
                "rows": [[_block(item.get(key), labels) for key in keys] for item in value],
            }
        if value and any(isinstance(item, dict | list | tuple) for item in value):
            return {"kind": "list", "items": [_block(item, labels) for item in value]}
        if value:
            return {"kind": "value", "text": ", ".join(_plain(item) for item in value)}
    return {"kind": "value", "text": _plain(value)}


def data_export_collect(*, user: User) -> list[tuple[privacy.Provider, privacy.ExportPart]]:
    return [(provider, provider.export(user)) for provider in privacy.providers()]


def _write_zip(*, user: User, parts, target) -> None:
    now = timezone.now()
    document = {
        "exported_at": now,
        "portal": f"Kundenportal {settings.PORTAL_CHAMBER_NAME}",
        "person": user.email,
        "sections": {provider.app_label: {"title": str(provider.title), "data": part.data} for provider, part in parts},
    }
    summary = render_to_string(
        "accounts/export/summary.html",
        {
            "user": user,
            "exported_at": now,
            "chamber_name": settings.PORTAL_CHAMBER_NAME,
            "sections": [
                {
                    "title": provider.title,
                    "block": _block(part.data, part.labels),
                    "files": [f"files/{provider.app_label}/{item.arcname}" for item in part.files],
                }
                for provider, part in parts
            ],
        },
    )
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("uebersicht.html", summary)
        archive.writestr("daten.json", json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
        for provider, part in parts:
            for item in part.files:
                with (
                    item.storage.open(item.name, "rb") as source,
                    archive.open(f"files/{provider.app_label}/{item.arcname}", "w") as sink,
                ):
                    shutil.copyfileobj(source, sink, 1024 * 1024)


def data_export_build(*, export_id: int) -> DataExport | None:
    """Build a pending export and mail its link. Safe to run twice: only a pending export is built."""
    with transaction.atomic():
        export = (
            DataExport.objects.select_for_update(skip_locked=True)
            .select_related("user")
            .filter(pk=export_id, status=DataExport.Status.PENDING)
            .first()
        )
        if export is None:
            return None
        user = export.user
        try:
            with translation.override(settings.LANGUAGE_CODE), tempfile.SpooledTemporaryFile(32 * 1024 * 1024) as spool:
                _write_zip(user=user, parts=data_export_collect(user=user), target=spool)
                size = spool.tell()
                spool.seek(0)
                filename = f"datenexport-{timezone.localdate():%Y-%m-%d}.zip"
                export.file.save(filename, File(spool, name=filename), save=False)
        except (OSError, ValueError, TypeError, zipfile.BadZipFile):
            # A file that cannot be read or data that cannot be written: the person sees it failed and
            # may try again; staff find the error in the log. Database errors go to the task's retry.
            logger.exception("Data export %s could not be built", export.pk)
            if export.file:
                export.file.delete(save=False)
            export.status = DataExport.Status.FAILED
            export.save(update_fields=["status", "file"])
            account_audit(
                action="accounts.export.failed", target_user=user, payload={"export": export.pk}, outcome="refused"
            )
            return export
        now = timezone.now()
        export.status = DataExport.Status.READY
        export.ready_at = now
        export.expires_at = now + timedelta(days=settings.DATA_EXPORT_VALID_DAYS)
        export.size = size
        export.save(update_fields=["status", "ready_at", "expires_at", "size", "file"])
        email_send_template(
            template_prefix="accounts/mail/data_export_ready",
            to=[user.email],
            context={
                "user": user,
                "export": export,
                "download_url": absolute_url(reverse("accounts:data_export_download", args=[export.pk])),
                "valid_days": settings.DATA_EXPORT_VALID_DAYS,
            },
        )
        account_audit(action="accounts.export.ready", target_user=user, payload={"export": export.pk, "size": size})
    return export


# --- download and clean-up ----------------------------------------------------------------------


@transaction.atomic
def data_export_download(*, user: User, pk: int, ip: str | None = None):
    """Spend the single download and open the file; refused when spent or expired."""
    export = DataExport.objects.select_for_update().filter(user=user, pk=pk).first()
    if export is None:
        raise Http404
    if export.status == DataExport.Status.DOWNLOADED:
        raise AccountError(_("This export has already been downloaded. Please request a new one."), "downloaded")
    if not export.can_be_downloaded:
        raise AccountError(_("This export has expired. Please request a new one."), "expired")
    export.status = DataExport.Status.DOWNLOADED
    export.downloaded_at = timezone.now()
    export.save(update_fields=["status", "downloaded_at"])
    account_audit(action="accounts.export.downloaded", actor=user, target_user=user, payload={"export": pk}, ip=ip)
    return export, export.file.storage.open(export.file.name, "rb")


def _discard_file(export: DataExport, *, status: str | None = None) -> None:
    if export.file:
        export.file.delete(save=False)
    fields = ["file"]
    if status:
        export.status = status
        fields.append("status")
    export.save(update_fields=fields)


def data_exports_sweep(*, now: datetime | None = None) -> dict:
    """Periodic: build exports whose task was lost, remove files after download or expiry."""
    now = now or timezone.now()
    built = 0
    for export_id in DataExport.objects.filter(
        status=DataExport.Status.PENDING, requested_at__lte=now - SWEEP_GRACE
    ).values_list("pk", flat=True)[:20]:
        built += data_export_build(export_id=export_id) is not None
    removed = 0
    expired = Q(status=DataExport.Status.READY, expires_at__lte=now)
    downloaded = Q(status=DataExport.Status.DOWNLOADED, downloaded_at__lte=now - KEEP_AFTER_DOWNLOAD)
    with transaction.atomic():
        stale = DataExport.objects.select_for_update(skip_locked=True).exclude(file="")
        for export in stale.filter(expired | downloaded | Q(status=DataExport.Status.FAILED)):
            _discard_file(
                export, status=DataExport.Status.EXPIRED if export.status == DataExport.Status.READY else None
            )
            removed += 1
    return {"built": built, "removed": removed}


def data_exports_erase(*, user: User) -> None:
    """With the account: every export file of the person, once the deletion is committed (rows CASCADE)."""
    for export in DataExport.objects.filter(user=user).exclude(file=""):
        storage, name = export.file.storage, export.file.name
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
