"""The portal's URLs plus the bench's reference pages, which exist only under bench.settings.

- `_bench/ok`: the bare floor, the cheapest answer the same stack can give (no session, no user, no
  template, no transaction). Every page's throughput is compared with it.
- `_bench/layout`: the logged-in floor, a page behind login that renders the base layout and nothing
  else: what every logged-in page pays before its own content.
- `_bench/session`, `_bench/user`: steps between the two, for bench/profile_pages.py's breakdown (the
  session loaded; the session and the user loaded).
"""

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns


@transaction.non_atomic_requests
def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@transaction.non_atomic_requests
def session_only(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"ok {len(request.session.keys())}", content_type="text/plain")


def user_only(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"ok {request.user.is_authenticated}", content_type="text/plain")


@login_required
def layout(request: HttpRequest) -> HttpResponse:
    return render(request, "bench/layout.html")


urlpatterns = [
    path("_bench/ok", floor, name="bench_floor"),
    path("_bench/session", session_only, name="bench_session"),
    path("_bench/user", user_only, name="bench_user"),
    path("_bench/layout", layout, name="bench_layout"),
    *portal_urlpatterns,
]
