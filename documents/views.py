from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connections, transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from businesses.access import business_member_required, current_memberships
from portal.errors import refusal_shown
from portal.files import download_response
from portal.request_meta import client_ip

from . import selectors, services
from .forms import DocumentForm, PostfachFilterForm
from .models import Department

PER_PAGE = 20


@require_GET
@business_member_required
def document_list(request: HttpRequest) -> HttpResponse:
    """The Postfach: documents of every business the user acts for, received and sent, newest first."""
    memberships = current_memberships(request)
    businesses = [membership.business for membership in memberships]
    departments = list(Department.objects.order_by("position", "name"))
    form = PostfachFilterForm(request.GET or None, businesses=businesses, departments=departments)
    filters = form.filters()
    documents = selectors.document_list_for_user(user=request.user, memberships=memberships, **filters)
    page = Paginator(documents, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "documents/list.html",
        {
            "form": form,
            "page_obj": page,
            "documents": page.object_list,
            "filtered": any(filters.values()),
            "several_businesses": len(businesses) > 1,
        },
    )


def _form_errors(form) -> list[str]:
    errors = []
    for name, field_errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        errors.extend(f"{label}: {error}" if label else str(error) for error in field_errors)
    return errors


def _compose(request: HttpRequest, *, reply_to=None) -> HttpResponse:
    businesses = [membership.business for membership in current_memberships(request)]
    form_kwargs = {"businesses": businesses, "initial_business": request.business, "reply_to": reply_to}
    # The progress bar (static/documents/upload.js) sends the form itself and wants JSON back.
    wants_json = request.headers.get("X-Requested-With") == "XMLHttpRequest"
    if request.method == "POST":
        form = DocumentForm(request.POST, request.FILES, **form_kwargs)
        if form.is_valid():
            data = form.cleaned_data
            with refusal_shown(request, form=form) as refusal:
                document = services.document_submit(
                    actor=request.user,
                    business=form.selected_business(),
                    department=data["department"],
                    subject=data["subject"],
                    note=data["note"],
                    uploads=data["files"],
                    in_reply_to=reply_to,
                    submission=data["submission"],
                    contract=data["contract"],
                    request=request,
                    ip=client_ip(request),
                )
            if not refusal:
                messages.success(
                    request,
                    _("Your document has been sent to the chamber (%(department)s).")
                    % {"department": document.department.name},
                )
                url = document.get_absolute_url()
                return JsonResponse({"redirect": url}) if wants_json else redirect(url)
        if wants_json:
            return JsonResponse({"errors": _form_errors(form)}, status=400)
    else:
        form = DocumentForm(**form_kwargs)
    return render(
        request,
        "documents/compose.html",
        {
            "form": form,
            "reply_to": reply_to,
            "max_file_bytes": settings.DOCUMENTS_MAX_FILE_BYTES,
            "max_total_bytes": settings.DOCUMENTS_MAX_MESSAGE_BYTES,
            "max_files": settings.DOCUMENTS_MAX_FILES,
        },
    )


# Not one transaction per request: the service's own transaction is the outermost one, so that when it fails
# the rollback has happened before the files it wrote are deleted (portal.files.files_removed_on_failure).
@transaction.non_atomic_requests
@business_member_required
def document_create(request: HttpRequest) -> HttpResponse:
    return _compose(request)


@transaction.non_atomic_requests
@business_member_required
def document_reply(request: HttpRequest, pk: int) -> HttpResponse:
    reply_to = selectors.document_get_for_user(user=request.user, pk=pk)
    if reply_to.is_to_chamber:
        raise Http404  # a business answers what the chamber sent, not its own documents
    return _compose(request, reply_to=reply_to)


@never_cache
@require_GET
@business_member_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get_for_user(user=request.user, pk=pk)
    services.document_mark_read(document=document, user=request.user)
    return render(
        request,
        "documents/detail.html",
        {
            "document": document,
            "files": list(document.files.all()),
            "replies": list(document.replies.all()),
            "receipts": [] if document.is_to_chamber else selectors.document_receipts_for_business(document=document),
        },
    )


@never_cache
@require_GET
@transaction.non_atomic_requests
@login_required
def file_download(request: HttpRequest, pk: int, file_id: int) -> FileResponse:
    """Members of the owning business, and staff (who open files from the admin), download through here only."""
    file = selectors.document_file_get_for_user(user=request.user, pk=pk, file_id=file_id, allow_staff=True)
    services.document_file_downloaded(file=file, user=request.user, ip=client_ip(request))
    response = download_response(file.file, name=file.original_name, kind=file.kind)
    # The receipt is committed: a slow client reading 20 MB must not hold a pooled database connection meanwhile
    # (a connection is given back at the end of a request, and a streamed request ends after its last byte).
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()
    return response
