from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.views.decorators.cache import never_cache

from businesses.access import business_member_required, businesses_for, links_for
from portal.errors import refusal_shown
from portal.files import download_response

from . import selectors, services
from .forms import SubmissionForm

SUBMISSIONS_PER_PAGE = 20


class _CatalogCards:
    """The cards' data, loaded only when the cached cards have to be rendered again (catalog.html)."""

    def __init__(self, user) -> None:
        self.user = user

    @cached_property
    def entries(self) -> list[dict]:
        return selectors.form_catalog_for(user=self.user)

    @property
    def general_forms(self) -> list[dict]:
        return [e for e in self.entries if not e["form"].is_business_only]

    @property
    def business_forms(self) -> list[dict]:
        return [e for e in self.entries if e["form"].is_business_only]

    @property
    def has_business_link(self) -> bool:
        return any(e["available"] for e in self.business_forms)


@login_required
def catalog(request: HttpRequest) -> HttpResponse:
    # The cards are the same for everyone in the same language and link state: a shared fragment keyed by
    # the definitions' change stamp (portal.caching, 3.).
    return render(
        request,
        "forms_catalog/catalog.html",
        {
            "linked": links_for(request.user).exists(),
            "stamp": selectors.form_catalog_stamp(),
            "cards": _CatalogCards(request.user),
        },
    )


@login_required
def fill(request: HttpRequest, slug: str) -> HttpResponse:
    definition, fields = selectors.form_get_for_filling(slug=slug)
    if definition.is_business_only:
        return _fill_for_business(request, definition=definition, fields=fields)
    return _fill(request, definition=definition, fields=fields)


@business_member_required
def _fill_for_business(request: HttpRequest, *, definition, fields) -> HttpResponse:
    # The one access check of business features: without an active membership the user is sent to
    # the page for linking a business. The business selected in "Mein Betrieb" is preselected.
    businesses = list(businesses_for(request.user))
    return _fill(request, definition=definition, fields=fields, businesses=businesses, initial=request.business)


def _fill(request: HttpRequest, *, definition, fields, businesses=(), initial=None) -> HttpResponse:
    form_kwargs = {"definition": definition, "fields": fields, "businesses": businesses, "initial_business": initial}
    if request.method == "POST":
        form = SubmissionForm(request.POST, request.FILES, **form_kwargs)
        if form.is_valid():
            with refusal_shown(request, form=form) as refusal:
                submission = services.submission_create(
                    definition=definition,
                    fields=fields,
                    user=request.user,
                    values=form.values(),
                    uploads=form.uploads(),
                    business=form.selected_business(),
                    request=request,
                )
            if not refusal:
                return redirect("forms_catalog:submitted", reference=submission.reference)
    else:
        form = SubmissionForm(**form_kwargs)
    return render(
        request,
        "forms_catalog/fill.html",
        {
            "form_definition": definition,
            "form": form,
            "single_business": businesses[0] if len(businesses) == 1 else None,
            "max_upload_size": settings.FORMS_MAX_UPLOAD_BYTES,
        },
    )


@login_required
def submitted(request: HttpRequest, reference: str) -> HttpResponse:
    submission = selectors.submission_get_for_user(user=request.user, reference=reference)
    return render(request, "forms_catalog/submitted.html", {"submission": submission})


@login_required
def my_submissions(request: HttpRequest) -> HttpResponse:
    paginator = Paginator(selectors.submissions_for_user(user=request.user), SUBMISSIONS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "forms_catalog/my_submissions.html", {"page_obj": page, "submissions": page.object_list})


@login_required
def submission_detail(request: HttpRequest, reference: str) -> HttpResponse:
    submission = selectors.submission_get_for_user(user=request.user, reference=reference)
    return render(request, "forms_catalog/submission_detail.html", {"submission": submission})


@never_cache
@login_required
def file_download(request: HttpRequest, reference: str, file_id: int) -> FileResponse:
    # Staff who process submissions open the files from the admin through this view.
    upload = selectors.submission_file_get_for_user(
        user=request.user, reference=reference, file_id=file_id, allow_staff=True
    )
    return download_response(upload.file, name=upload.original_name, kind=upload.kind)
