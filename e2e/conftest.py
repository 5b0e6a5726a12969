"""Browser journeys in the Debian Chromium, driven by Playwright against Django's live server."""

import contextlib
import os
import re

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# themselves are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install the Debian packages chromium and chromium-driver.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Registered in every document before its own scripts run: each Content-Security-Policy violation is
# reported to the test (across navigations) and kept in window.__cspViolations of the current page.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const violation = {
    directive: event.violatedDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
    sample: event.sample,
    page: document.location.pathname,
  };
  window.__cspViolations.push(violation);
  if (window.__reportCspViolation) window.__reportCspViolation(violation);
});
"""


def watch_csp(context) -> list[str]:
    """Collect, for every tab of `context`, what the browser refused under the Content-Security-Policy."""
    violations: list[str] = []

    def report(violation):
        if str(violation) not in violations:
            violations.append(str(violation))

    context.expose_function("__reportCspViolation", report)
    context.add_init_script(CSP_LISTENER)
    context.on(
        "console",
        lambda message: report(f"console: {message.text}") if "Content Security Policy" in message.text else None,
    )
    return violations


def csp_violations(context, violations: list[str]) -> list[str]:
    """`violations` plus what the open tabs still hold (reports on their way to the test)."""
    for tab in context.pages:
        with contextlib.suppress(Exception):  # a tab closed or mid-navigation has nothing more to tell
            for violation in tab.evaluate("window.__cspViolations || []"):
                if str(violation) not in violations:
                    violations.append(str(violation))
    return violations


def _all_csp_violations(watched: list[tuple]) -> list[str]:
    found: list[str] = []
    for context, violations in watched:
        found += csp_violations(context, violations)
    return found


def _csp_failure(violations: list[str]) -> str:
    return "The browser refused content under the Content-Security-Policy:\n" + "\n".join(violations)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A journey that ran through but made the browser refuse something under the CSP fails (not errors)."""
    result = yield
    watched = getattr(item, "_csp_watched", None)
    if watched and (violations := _all_csp_violations(watched)):
        item._csp_reported = True
        pytest.fail(_csp_failure(violations))
    return result


@pytest.fixture
def page(request, browser, live_server, monkeypatch):
    """A fresh browser tab. The test fails when the browser refused anything under the page's CSP —
    in this tab or in any other browser context the journey opens (a second person's browser)."""
    watched: list[tuple] = []
    new_context = browser.new_context

    def new_watched_context(*args, **kwargs):
        context = new_context(*args, **kwargs)
        watched.append((context, watch_csp(context)))
        return context

    monkeypatch.setattr(browser, "new_context", new_watched_context)
    request.node._csp_watched = watched
    context = browser.new_context(base_url=live_server.url, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    violations = _all_csp_violations(watched)
    context.close()
    # Reported already when the journey ran through; otherwise (it failed on its own) reported here too.
    if violations and not getattr(request.node, "_csp_reported", False):
        pytest.fail(_csp_failure(violations))


def link_in_mail(body: str) -> str:
    """The first portal link in a mail's plain-text body, made relative for the live server."""
    match = re.search(r"https?://[^/\s]+(/\S+)", body)
    assert match, f"no link in mail:\n{body}"
    return match.group(1)


# --- Accessibility ---------------------------------------------------------------------------------
# axe-core (bundled with axe-playwright-python, nothing is fetched at run time) with the rules of
# WCAG 2.1 levels A and AA, which BITV 2.0 requires.
WCAG_21_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page, *, tags: list[str] | None = None) -> list[dict]:
    """What axe finds on the page as it is now (run it after the page has settled)."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": tags or WCAG_21_AA_TAGS}, "resultTypes": ["violations"]}
    return Axe().run(page, options=options).response["violations"]


def accessibility_report(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation['help']}")
        for node in violation["nodes"][:10]:
            target = " ".join(str(part) for part in node.get("target", []))
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {target}: {summary[:300]}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    … and {len(violation['nodes']) - 10} more elements")
    return "\n".join(lines)


def assert_accessible(page, *, what: str = "") -> None:
    """Fail with a readable list when the current page breaks a WCAG 2.1 A/AA rule that axe checks."""
    violations = axe_violations(page)
    if violations:
        pytest.fail(
            f"{what or page.url}: {len(violations)} accessibility rule(s) violated (WCAG 2.1 A/AA, axe-core):\n"
            + accessibility_report(violations)
        )
