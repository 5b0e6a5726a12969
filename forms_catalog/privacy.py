"""Forms a person submitted, with what they entered and the files they uploaded.

With the account, the person's own submissions go (files included); a submission made for a business
is the business's record and stays with it, without the submitter.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy, ngettext

from portal.privacy import Erasure, ExportFile, ExportPart

from .display import display_value
from .models import Submission, SubmissionFile

TITLE = gettext_lazy("Online forms")
ORDER = 40

LABELS = {
    "submissions": gettext_lazy("Submissions"),
    "reference": gettext_lazy("Reference number"),
    "form": gettext_lazy("Form"),
    "business": gettext_lazy("For business"),
    "submitted_at": gettext_lazy("Submitted"),
    "status": gettext_lazy("Status"),
    "status_changed_at": gettext_lazy("Status changed"),
    "remark": gettext_lazy("Remark of the chamber"),
    "answers": gettext_lazy("Your answers"),
    "question": gettext_lazy("Question"),
    "answer": gettext_lazy("Answer"),
    "files": gettext_lazy("Files"),
    "values": gettext_lazy("Values as stored"),
}


def export(user) -> ExportPart:
    rows, files = [], []
    submissions = (
        Submission.objects.filter(user=user).select_related("business").prefetch_related("files").order_by("pk")
    )
    for submission in submissions:
        answers = []
        for row in submission.rows():
            names = [upload.original_name for upload in row["files"]]
            answers.append(
                {
                    "question": row["label"],
                    "answer": ", ".join(names) if names else display_value(row["value"], row["type"]),
                }
            )
            for upload in row["files"]:
                files.append(
                    ExportFile(
                        arcname=f"{submission.reference}/{upload.pk}-{upload.original_name}",
                        storage=upload.file.storage,
                        name=upload.file.name,
                    )
                )
        rows.append(
            {
                "reference": submission.reference,
                "form": submission.form_title,
                "business": submission.business.name if submission.business_id else "",
                "submitted_at": submission.submitted_at,
                "status": submission.get_status_display(),
                "status_changed_at": submission.status_changed_at,
                "remark": submission.staff_remark,
                "answers": answers,
                # The raw values as submitted, for programs reading the JSON.
                "values": submission.values,
            }
        )
    return ExportPart(data={"submissions": rows}, labels=LABELS, files=files)


def erase_notes(user) -> list[str]:
    kept = Submission.objects.filter(user=user, business__isnull=False).count()
    if not kept:
        return []
    return [
        ngettext(
            "%(count)d form you submitted for a business stays with that business, without your account.",
            "%(count)d forms you submitted for a business stay with that business, without your account.",
            kept,
        )
        % {"count": kept}
    ]


def erase(user, *, erasure: Erasure) -> None:
    own = Submission.objects.filter(user=user, business__isnull=True)
    stored = [(upload.file.storage, upload.file.name) for upload in SubmissionFile.objects.filter(submission__in=own)]
    own.delete()
    Submission.objects.filter(user=user).update(user=None)
    # The files go once the deletion is committed: a deletion that fails keeps them with their rows.
    for storage, name in stored:
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
