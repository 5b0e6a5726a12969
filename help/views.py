from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme

from businesses.access import current_membership
from portal.caching import public_page
from portal.errors import refusal_shown
from portal.request_meta import base_url, client_ip

from . import selectors, services
from .forms import ContactForm, HelpSearchForm
from .search import search_results

CONTACT_DONE_SESSION_KEY = "help_contact_reference"
# Path parameters of portal pages that may be kept as the page someone asked from; any other (tokens of
# activation, invitation and reset links, keys) is replaced, so no secret ends up in a contact request.
_SHOWABLE_PATH_PARAMETERS = {"pk", "slug", "reference"}


def portal_page(request: HttpRequest, raw: str) -> str:
    """The path of a page of this portal from a `von` parameter or the Referer header, else "".

    Other sites, unknown paths, the admin and the query string are dropped; path parameters that could be
    a secret are masked.
    """
    raw = (raw or "").strip()
    if not raw or not url_has_allowed_host_and_scheme(
        raw, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    path = urlsplit(raw).path
    if not path.startswith("/") or path.startswith("//") or len(path) > 300:
        return ""
    try:
        match = resolve(path)
    except Resolver404:
        return ""
    if "admin" in match.namespaces:
        return ""
    for name, value in match.kwargs.items():
        if name not in _SHOWABLE_PATH_PARAMETERS:
            path = path.replace(str(value), "…")
    return path


@public_page
def index(request: HttpRequest) -> HttpResponse:
    """The help page: each topic with the steps as the portal does them and its questions."""
    return render(
        request,
        "help/index.html",
        {"categories": selectors.categories_with_faqs(), "search_form": HelpSearchForm()},
    )


def _answer_page(request: HttpRequest, slug: str) -> HttpResponse:
    faq = selectors.faq_get_published(slug=slug)
    came_from = portal_page(request, request.GET.get("von", ""))
    if came_from.startswith("/hilfe/"):
        came_from = ""
    return render(
        request,
        "help/answer.html",
        {
            "faq": faq,
            "related": selectors.faqs_related(faq=faq),
            "came_from": came_from,
            "contact_from": came_from or request.path,
            "search_form": HelpSearchForm(),
        },
    )


def answer(request: HttpRequest, slug: str) -> HttpResponse:
    """One answer on its own page: what the portal's pages link to. Each opening is counted (not staff's),
    so the page is rendered for every request and never kept in the page cache; it also varies with the
    page it was opened from (`von`)."""
    response = _answer_page(request, slug)
    if request.method == "GET" and response.status_code == 200 and not request.user.is_staff:
        services.faq_open_record(slug=slug)
    return response


def search(request: HttpRequest) -> HttpResponse:
    form = HelpSearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    results = search_results(query=query) if query else []
    if query and not results:
        services.search_miss_record(query=query, client_ip=client_ip(request))
    return render(
        request,
        "help/search.html",
        {
            "search_form": form,
            "query": query,
            "results": results,
            "categories": selectors.categories_with_faqs() if query and not results else [],
        },
    )


def contact(request: HttpRequest) -> HttpResponse:
    """ "Frage nicht beantwortet?": a question to the service desk, with or without login.

    The answer is the same whatever the address; robots that fill the hidden field get the same redirect
    and leave nothing behind.
    """
    status = 200
    if request.method == "POST":
        form = ContactForm(request.POST)
        if form.is_valid():
            if form.is_robot():
                request.session.pop(CONTACT_DONE_SESSION_KEY, None)
                return redirect("help:contact_done")
            data = form.cleaned_data
            with refusal_shown(request, form=form) as refusal:
                contact_request = services.contact_request_create(
                    topic=data["topic"],
                    name=data["name"],
                    email=data["email"],
                    message=data["message"],
                    business_number=data["business_number"],
                    page=portal_page(request, data["page"]),
                    user=request.user,
                    client_ip=client_ip(request),
                    base_url=base_url(request),
                )
            if not refusal:
                request.session[CONTACT_DONE_SESSION_KEY] = contact_request.reference
                return redirect("help:contact_done")
            if refusal.error.code == "rate_limited":
                status = 429
    else:
        initial = {"page": portal_page(request, request.GET.get("von") or request.headers.get("referer", ""))}
        if request.user.is_authenticated:
            initial.update({"name": request.user.get_full_name(), "email": request.user.email})
            membership = current_membership(request)
            if membership is not None:
                initial["business_number"] = membership.business.number_display
        form = ContactForm(initial=initial)
    return render(request, "help/contact.html", {"form": form}, status=status)


def contact_done(request: HttpRequest) -> HttpResponse:
    """The confirmation shows only the reference this browser just got: it is read from the session."""
    reference = request.session.get(CONTACT_DONE_SESSION_KEY)
    if not reference:
        return redirect("help:contact")
    return render(request, "help/contact_done.html", {"reference": reference})
