"""Every page of the portal, checked by axe-core against the WCAG 2.1 A/AA rules in the real browser.

The journeys in e2e/ check the pages they pass on their way; this one walks every page the way
portal/tests/security/test_csp.py does (every URL pattern without arguments plus the detail pages of
each app) as an anonymous visitor, a customer without business and a business administrator, in German
and in English, plus the error pages, the admin's login and the admin itself as chamber staff after their
second factor. Any violation fails the test with a readable list.

Each run writes the result per page (page, language, violations) to `axe-results-<who>-<language>.tsv` and
screenshots of key pages in both languages to A11Y_SCREENS (a directory) when it is set, else to the test's
tmp_path.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.test import Client
from django.urls import NoReverseMatch, reverse

from conftest import staff_login
from contracts.tests.factories import ensure_shipped_catalogues
from e2e.conftest import accessibility_report, axe_violations
from portal.tests.security.test_csp import argumentless_pages, site  # noqa: F401  (site: the fixture)

pytestmark = pytest.mark.django_db(transaction=True)

# Key pages whose screenshots the accessibility note shows, in German and English.
SCREENSHOT_PAGES = {
    "/": "start",
    "/accounts/login/": "anmelden",
    "/accounts/signup/": "registrieren",
    "/kurse/": "kurse",
    "/mein-portal/": "mein-portal",
    "/betrieb/": "mein-betrieb",
    "/formulare/": "formulare",
    "/postfach/": "postfach",
    "/hilfe/": "hilfe",
    "/barrierefreiheit/": "barrierefreiheit",
    "/gibt-es-nicht/": "404",
}


@pytest.fixture(autouse=True)
def _shipped_content(transactional_db):
    """What the data migrations ship (a journey before this one may have emptied every table)."""
    from django.apps import apps

    from help.migrations._initial_content import install

    ensure_shipped_catalogues()
    install(apps, only_missing=True)


def _out_dir(tmp_path) -> Path:
    out = Path(os.environ.get("A11Y_SCREENS") or tmp_path / "a11y")
    out.mkdir(parents=True, exist_ok=True)
    return out


def _browser_as(browser, live_server, client: Client | None, language: str):
    """A browser context with `client`'s session (a logged-in person) and the language cookie."""
    context = browser.new_context(base_url=live_server.url, locale="de-DE")
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    if client is not None:
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url})
    context.add_cookies(cookies)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def check_pages(page, urls, *, who: str, language: str, out: Path, screenshots: bool = True) -> dict[str, str]:
    """Open each URL, run axe once per distinct page reached; returns {page: report} of the failures."""
    failures: dict[str, str] = {}
    seen: set[str] = set()
    rows = []
    for url in urls:
        # No page at all: a POST-only address (405 without a body), a download, JSON.
        probe = page.request.get(url)
        if probe.status == 405 or not probe.headers.get("content-type", "").startswith("text/html"):
            rows.append(f"{url}\t{language}\t{who}\t-\tno HTML page")
            continue
        page.goto(url)
        if page.locator("script[src*='admin-a11y.js']").count():  # the admin's names come with its scripts
            page.wait_for_selector("html[data-a11y-ready]", state="attached")
        reached = "/" + page.url.split("/", 3)[3].split("?")[0]  # the login page once, whatever comes next
        if reached in seen:
            continue
        seen.add(reached)
        violations = axe_violations(page)
        rows.append(f"{reached}\t{language}\t{who}\t{len(violations)}\t{','.join(v['id'] for v in violations)}")
        if violations:
            failures[f"{reached} ({who}, {language})"] = accessibility_report(violations)
        if screenshots and reached in SCREENSHOT_PAGES:
            slug = who.replace(" ", "-")
            page.screenshot(path=str(out / f"{SCREENSHOT_PAGES[reached]}-{slug}-{language}.png"), full_page=True)
    report = out / f"axe-results-{who.replace(' ', '-')}-{language}.tsv"
    report.write_text("page\tlanguage\twho\tviolations\trules\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return failures


def _fail_on(failures: dict[str, str], checked: int) -> None:
    if failures:
        pytest.fail(
            f"{len(failures)} of {checked} pages violate WCAG 2.1 A/AA rules (axe-core):\n"
            + "\n".join(f"{where}:\n{report}" for where, report in failures.items())
        )


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("who", ["anonymous", "customer", "business admin"])
def test_every_page_passes_axe(site, browser, live_server, tmp_path, who, language):  # noqa: F811
    people, detail_pages = site
    client = None
    if people[who] is not None:
        client = Client()
        client.force_login(people[who])
    urls = [reverse(name) for name in argumentless_pages()] + detail_pages
    if who == "customer":
        urls.append("/admin/login/")  # a customer at the admin's door: the 403 page
    out = _out_dir(tmp_path)
    context, page = _browser_as(browser, live_server, client, language)
    try:
        failures = check_pages(page, urls, who=who, language=language, out=out)
        if who == "anonymous":
            failures.update(_refused_form(page, language=language, out=out))
    finally:
        context.close()
    _fail_on(failures, len(urls))


def _refused_form(page, *, language: str, out: Path) -> dict[str, str]:
    """The sign-up sent empty: the error summary at the top and the marked fields, as axe sees them."""
    page.goto(reverse("account_signup"))
    page.get_by_role("main").locator("form button[type=submit]").click()
    page.get_by_role("alert").wait_for()
    page.screenshot(path=str(out / f"registrieren-abgelehnt-anonymous-{language}.png"), full_page=True)
    violations = axe_violations(page)
    with (out / f"axe-results-anonymous-{language}.tsv").open("a", encoding="utf-8") as report:
        report.write(f"/accounts/signup/ (refused)\t{language}\tanonymous\t{len(violations)}\t\n")
    return {f"refused sign-up ({language})": accessibility_report(violations)} if violations else {}


class _SuperuserRequest:
    """What ModelAdmin.has_add_permission looks at, for a superuser."""

    class user:
        is_active = is_staff = is_superuser = True

        @staticmethod
        def has_perm(*args, **kwargs):
            return True

    GET: dict = {}
    POST: dict = {}


def _admin_pages() -> list[str]:
    urls = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        try:
            urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        except NoReverseMatch:
            continue
        if model_admin.has_add_permission(_SuperuserRequest()):
            urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk]))
        urls.append(reverse("admin:app_list", args=[meta.app_label]))
    return list(dict.fromkeys(urls))


def test_the_admin_passes_axe_for_staff_after_the_second_factor(site, browser, live_server, tmp_path, user_factory):  # noqa: F811
    staff = user_factory(email="sabine@hwk.example", is_staff=True, is_superuser=True)
    out = _out_dir(tmp_path)
    client = Client()
    staff_login(client, staff)
    urls = _admin_pages()
    context, page = _browser_as(browser, live_server, client, "de")
    try:
        failures = check_pages(page, urls, who="staff", language="de", out=out, screenshots=False)
    finally:
        context.close()
    _fail_on(failures, len(urls))


def test_the_error_pages_pass_axe(browser, live_server, settings, monkeypatch, tmp_path, user_factory):
    """404, 403 (refused access and a lost CSRF token), 413, 429 and 500, each as the browser shows it."""
    import portal.views

    out = _out_dir(tmp_path)
    failures: dict[str, str] = {}
    rows = []
    context, page = _browser_as(browser, live_server, None, "de")

    def check(what: str) -> None:
        violations = axe_violations(page)
        rows.append(f"{what}\tde\tanonymous\t{len(violations)}\t{','.join(v['id'] for v in violations)}")
        if violations:
            failures[what] = accessibility_report(violations)

    def show(response, what: str) -> None:
        """Put the answer of a request into the tab at an address of the portal (its styles load)."""
        assert response.status == int(what.split()[0]), f"{what}: {response.status}"
        page.route("**/fehlerseite-ansehen/", lambda route: route.fulfill(response=response))
        page.goto("/fehlerseite-ansehen/")
        page.unroute("**/fehlerseite-ansehen/")
        check(what)

    try:
        assert page.goto("/gibt-es-nicht/").status == 404
        check("404 page not found")
        customer = Client()
        customer.force_login(user_factory())
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": customer.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        assert page.goto("/admin/login/").status == 403
        check("403 a customer at the admin's door")
        context.clear_cookies()
        page.goto("/accounts/login/")
        context.clear_cookies()  # the CSRF cookie is gone (expired, blocked): the login is refused
        page.get_by_label("E-Mail", exact=False).first.fill("x@example.de")
        page.get_by_role("textbox", name="Passwort").fill("falsch")
        page.get_by_role("button", name="Anmelden").click()
        page.wait_for_load_state()
        check("403 CSRF check failed")
        settings.REQUEST_BODY_MAX_BYTES = 1000
        show(page.request.post("/hilfe/kontakt/", data="x" * 2000), "413 request too large")
        page.goto("/accounts/password/reset/")
        token = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
        for _attempt in range(6):
            answer = page.request.post(
                "/accounts/password/reset/",
                form={"email": "x@example.de", "csrfmiddlewaretoken": token},
                headers={"Referer": f"{live_server.url}/accounts/password/reset/"},
            )
        show(answer, "429 too many requests")

        def broken(*args, **kwargs):
            raise RuntimeError("a defect in the start page")

        monkeypatch.setattr(portal.views, "services_general", broken)
        assert page.goto("/").status == 500
        check("500 server error")
    finally:
        context.close()
    (out / "axe-results-error-pages.tsv").write_text(
        "page\tlanguage\twho\tviolations\trules\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )
    _fail_on(failures, len(rows))
