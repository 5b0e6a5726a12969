from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation


class GermanFirstLocaleMiddleware(LocaleMiddleware):
    """German unless the visitor chose another language with the language switch.

    Django's LocaleMiddleware follows the browser's Accept-Language, which would show a chamber's
    portal in English to everyone with an English browser. Only the switch's cookie counts here.
    """

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class RequestBodyLimitMiddleware:
    """Refuses a request whose body is larger than REQUEST_BODY_MAX_BYTES with 413 and a German page,
    judged by its Content-Length before anything reads the body.

    Last in MIDDLEWARE: none before it reads the body (CSRF reads the form only in process_view, which
    a refused request never reaches), and the page gets their headers (CSP, security) and the user.
    A body without Content-Length (chunked) is not read by Django at all. gunicorn drains at most 64 KB
    of what is not read and then closes the connection; the proxy in front refuses the rest earlier
    (README: client_max_body_size).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body for an invalid length either
        if length > settings.REQUEST_BODY_MAX_BYTES:
            # The Postfach (and its admin) takes larger files than the online forms.
            postfach = request.path.startswith(("/postfach/", "/admin/documents/"))
            return render(
                request,
                "413.html",
                {
                    "limit": settings.REQUEST_BODY_MAX_BYTES,
                    "file_limit": settings.DOCUMENTS_MAX_FILE_BYTES if postfach else settings.FORMS_MAX_UPLOAD_BYTES,
                },
                status=413,
            )
        return self.get_response(request)
