"""Request-wide account rules: the list of logged-in browsers, and the second factor for chamber staff."""

import time

from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

from . import mfa_policy, sessions

SESSION_REFRESH_SECONDS = 60


class UserSessionMiddleware:
    """Keeps "Angemeldete Geräte" current: last seen at most once a minute per browser.

    A browser whose session was ended from another one has lost its session already (it was deleted
    from the store). Should a copy of it survive somewhere (a cache that could not be reached while it
    was deleted), the minutely refresh finds its row gone and logs the browser out as well.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Only sessions with a login: a visitor without one costs nothing here.
        if SESSION_KEY in request.session:
            self._touch(request)
        return self.get_response(request)

    def _touch(self, request: HttpRequest) -> None:
        mark = request.session.get(sessions.SESSION_MARK) or {}
        key = request.session.session_key
        now = time.time()
        if mark.get("key") == key and now - mark.get("seen", 0) < SESSION_REFRESH_SECONDS:
            return
        if mark.get("key") == key:
            if not sessions.user_session_seen(session_key=key, user_id=request.user.pk):
                logout(request)
                return
        else:
            # Logged in without our signal seeing it, or the key was renewed (password change).
            sessions.user_session_record(request=request, user=request.user, previous_key=mark.get("key"))
        request.session[sessions.SESSION_MARK] = {"key": key, "seen": now}


class StaffSecondFactorMiddleware:
    """Chamber staff open the Django admin only with a second factor, used in this very session.

    - The admin's own login form is replaced by the portal's (rate limits, second-factor step).
    - Staff without an authenticator app or passkey are sent to "Sicherheit" to set one up.
    - Staff who have one, but whose session did not use it (logged in before it was set up, or before
      this rule), confirm with it once and continue where they wanted to go.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self._check(request)
        return response if response is not None else self.get_response(request)

    def _check(self, request: HttpRequest) -> HttpResponse | None:
        admin_root = reverse("admin:index")
        if not request.path.startswith(admin_root):
            return None
        if request.path == reverse("admin:login"):
            return self._admin_login(request)
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return None  # the admin sends them to its login page, which leads to ours
        if mfa_policy.staff_may_use_admin(request):
            return None
        wanted = request.get_full_path() if request.method == "GET" else admin_root
        if not mfa_policy.has_second_factor(user):
            # "Sicherheit" says why, in a box of its own for staff without a second factor.
            return HttpResponseRedirect(reverse("mfa_index"))
        messages.info(request, _("Please confirm with your second factor to open the administration."))
        confirm = "mfa_reauthenticate" if mfa_policy.has_authenticator_app(user) else "mfa_reauthenticate_webauthn"
        return HttpResponseRedirect(f"{reverse(confirm)}?{urlencode({'next': wanted})}")

    def _admin_login(self, request: HttpRequest) -> HttpResponse:
        wanted = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
            wanted = ""
        wanted = wanted or reverse("admin:index")
        user = request.user
        if not user.is_authenticated:
            return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode({'next': wanted})}")
        if user.is_staff:
            return HttpResponseRedirect(wanted)
        return render(request, "accounts/admin_forbidden.html", status=403)
