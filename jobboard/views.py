from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from businesses.access import business_member_required
from portal.caching import public_page
from portal.errors import refusal_shown
from portal.pagination import page_of

from . import feeds, selectors, services
from .forms import RepublishForm, SavedSearchForm, SearchForm, VacancyForm
from .models import Vacancy
from .structured_data import job_posting, json_ld_script

PER_PAGE = 20


# --- public -------------------------------------------------------------------------------------------------


@public_page
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    occupations = selectors.occupations_for_search()
    form = SearchForm(request.GET or None, occupations=occupations)
    criteria = form.criteria()
    vacancies = selectors.vacancy_search(criteria)
    page = page_of(vacancies, request.GET.get("page"), PER_PAGE)
    params = criteria.as_params()
    if criteria.order:
        params["order"] = criteria.order
    return render(
        request,
        "jobboard/search.html",
        {
            "form": form,
            "criteria": criteria,
            "page_obj": page,
            "vacancies": page.object_list,
            "query_string": selectors.search_path(params).partition("?")[2],
            "feed_url": reverse("jobboard:feed") + "?" + selectors.search_path(criteria.as_params()).partition("?")[2],
        },
    )


def _detail(request: HttpRequest, pk: int, template: str) -> HttpResponse:
    vacancy = selectors.vacancy_get_public(pk=pk)
    return render(
        request,
        template,
        {"vacancy": vacancy, "json_ld": json_ld_script(job_posting(vacancy, request=request))},
    )


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk, "jobboard/detail.html")


@require_GET
def detail_print(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk, "jobboard/print.html")


@public_page
@require_GET
def feed(request: HttpRequest) -> HttpResponse:
    return feeds.NewVacanciesFeed()(request)


@public_page
@require_GET
def sitemap(request: HttpRequest) -> HttpResponse:
    return feeds.sitemap_response(request)


# --- saved searches ----------------------------------------------------------------------------------------


@never_cache
@require_GET
@login_required
def saved_searches(request: HttpRequest) -> HttpResponse:
    searches = [
        {"search": search, "url": selectors.search_path(search.params)}
        for search in selectors.saved_searches_of(user=request.user)
    ]
    # From "Save this search" on the (shared, cached) search page: the criteria come in the query string and
    # are saved by the form on this page, which carries the CSRF token.
    pending = SearchForm(request.GET, occupations=selectors.occupations_for_search()).criteria()
    return render(
        request,
        "jobboard/saved_searches.html",
        {
            "searches": searches,
            "pending": None if pending.is_empty else pending,
            "pending_params": pending.as_params(),
            "pending_occupation": selectors.occupations_for_search().filter(pk=pending.occupation_id).first()
            if pending.occupation_id
            else None,
        },
    )


@require_POST
@login_required
def saved_search_save(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.POST, occupations=selectors.occupations_for_search())
    criteria = form.criteria()
    name_form = SavedSearchForm(request.POST)
    name = name_form.cleaned_data.get("name") if name_form.is_valid() else ""
    if not name:
        parts = [criteria.query, criteria.where and f"{criteria.where} ({criteria.radius_km} km)"]
        name = " · ".join(p for p in parts if p) or _("All postings")
    with refusal_shown(request) as refusal:
        services.saved_search_create(user=request.user, name=name, params=criteria.as_params())
    if not refusal:
        messages.success(
            request,
            _("Search saved. We will e-mail you new postings that match it, at most once a day."),
        )
    return redirect("jobboard:saved_searches")


@require_POST
@login_required
def saved_search_delete(request: HttpRequest, pk: int) -> HttpResponse:
    search_obj = selectors.saved_search_get_for_user(user=request.user, pk=pk)
    services.saved_search_delete(search=search_obj)
    messages.success(request, _("The saved search has been deleted. You will get no more e-mails for it."))
    return redirect("jobboard:saved_searches")


# The token in the path is the authorisation; a mail program's one-click POST carries no CSRF token.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The link of every alert mail, without login. GET asks (mail scanners fetch links); POST — the button,
    or the mail program's one-click unsubscribe (RFC 8058) — deletes the saved search."""
    from .models import SavedSearch

    found = SavedSearch.objects.filter(unsubscribe_token=token).only("pk", "name").first()
    if found is None:
        raise Http404
    if request.method == "POST":
        services.saved_search_unsubscribe(token=token)
        return render(request, "jobboard/unsubscribed.html", {"name": found.name})
    return render(request, "jobboard/unsubscribe.html", {"name": found.name})


# --- "Mein Betrieb": the business's postings ---------------------------------------------------------


@never_cache
@require_GET
@business_member_required
def mine(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    vacancies = selectors.vacancies_for_business(user=request.user, business_id=request.business.pk, status=status)
    page = page_of(vacancies, request.GET.get("page"), PER_PAGE)
    return render(
        request,
        "jobboard/mine.html",
        {
            "page_obj": page,
            "vacancies": page.object_list,
            "status": status if status in Vacancy.Status.values else "",
            "statuses": Vacancy.Status.choices,
        },
    )


def _form_page(request, *, form, vacancy=None) -> HttpResponse:
    return render(request, "jobboard/form.html", {"form": form, "vacancy": vacancy})


@require_http_methods(["GET", "POST"])
@business_member_required
def vacancy_create(request: HttpRequest) -> HttpResponse:
    form = VacancyForm(request.POST or None, business=request.business)
    if request.method == "POST" and form.is_valid():
        with refusal_shown(request, form=form) as refusal:
            vacancy = services.vacancy_create(actor=request.user, business=request.business, data=form.cleaned_data)
        if not refusal:
            messages.success(
                request, _("The posting has been saved as a draft. Submit it for review when it is ready.")
            )
            return redirect(vacancy.get_absolute_url())
    return _form_page(request, form=form)


@require_http_methods(["GET", "POST"])
@business_member_required
def vacancy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = selectors.vacancy_get_for_user(user=request.user, pk=pk)
    form = VacancyForm(request.POST or None, instance=vacancy, business=vacancy.business)
    if request.method == "POST" and form.is_valid():
        was_published = vacancy.status == Vacancy.Status.PUBLISHED
        data = form.cleaned_data
        # The form wrote the values onto its instance; the service compares them with the stored row.
        with refusal_shown(request, form=form) as refusal:
            vacancy = services.vacancy_update(actor=request.user, vacancy_id=pk, data=data)
        if not refusal:
            if was_published and vacancy.status == Vacancy.Status.REVIEW:
                messages.warning(
                    request,
                    _(
                        "Saved. The text has changed, so the chamber reviews the posting again; until then it is "
                        "offline."
                    ),
                )
            else:
                messages.success(request, _("The posting has been saved."))
            return redirect(vacancy.get_absolute_url())
    return _form_page(request, form=form, vacancy=vacancy)


@never_cache
@require_GET
@business_member_required
def own_detail(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = selectors.vacancy_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "jobboard/own_detail.html",
        {
            "vacancy": vacancy,
            "events": services.events_from(vacancy.status, by=services.BUSINESS),
            "republish_form": RepublishForm(
                initial={"published_until": max(vacancy.published_until or timezone.localdate(), timezone.localdate())}
            ),
        },
    )


def _step(request: HttpRequest, pk: int, call, success: str) -> HttpResponse:
    vacancy = selectors.vacancy_get_for_user(user=request.user, pk=pk)
    with refusal_shown(request) as refusal:
        vacancy = call(vacancy)
    if not refusal:
        messages.success(request, success)
    return redirect(vacancy.get_absolute_url())


@require_POST
@business_member_required
def vacancy_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        lambda v: services.vacancy_submit(actor=request.user, vacancy_id=v.pk),
        _("The posting has been submitted. The chamber reviews it and publishes it; you will get an e-mail."),
    )


@require_POST
@business_member_required
def vacancy_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        lambda v: services.vacancy_close(actor=request.user, vacancy_id=v.pk),
        _("The posting has been closed and is no longer shown."),
    )


@require_POST
@business_member_required
def vacancy_duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    source = selectors.vacancy_get_for_user(user=request.user, pk=pk)
    with refusal_shown(request) as refusal:
        copy = services.vacancy_duplicate(actor=request.user, vacancy_id=source.pk)
    if refusal:
        return redirect(source.get_absolute_url())
    messages.success(request, _("A copy has been created as a draft. Please set the dates of publication."))
    return redirect("jobboard:edit", pk=copy.pk)


@require_POST
@business_member_required
def vacancy_republish(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = selectors.vacancy_get_for_user(user=request.user, pk=pk)
    form = RepublishForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("published_until", []):
            messages.error(request, error)
        return redirect(vacancy.get_absolute_url())
    with refusal_shown(request) as refusal:
        vacancy = services.vacancy_republish(
            actor=request.user, vacancy_id=vacancy.pk, published_until=form.cleaned_data["published_until"]
        )
    if not refusal:
        if vacancy.status == Vacancy.Status.PUBLISHED:
            messages.success(request, _("The posting is online again."))
        else:
            messages.success(request, _("The posting has changed since its approval; the chamber reviews it again."))
    return redirect(vacancy.get_absolute_url())
