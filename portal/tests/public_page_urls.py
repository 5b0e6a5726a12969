"""The portal's URLs plus public pages that do something for one visitor (test_page_cache.py)."""

from django.contrib import messages
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import path

from portal.caching import public_page
from portal.urls import urlpatterns as portal_urlpatterns

rendered: list[str] = []


@public_page
def uses_csrf_token(request):
    rendered.append("csrf_token")
    return HttpResponse(f"<form>{get_token(request)}</form>")


@public_page
def writes_session(request):
    rendered.append("session")
    request.session["seen"] = True
    return HttpResponse("seen")


@public_page
def queues_message(request):
    rendered.append("message")
    messages.info(request, "Hallo")
    return HttpResponse("hello")


urlpatterns = [
    path("_test/csrf_token/", uses_csrf_token),
    path("_test/session/", writes_session),
    path("_test/message/", queues_message),
    *portal_urlpatterns,
]
