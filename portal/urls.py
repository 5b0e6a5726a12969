from datetime import date

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView, TemplateView

from accounts import views as account_views

from . import views

admin.site.site_header = _("Customer portal – administration")
admin.site.site_title = _("Customer portal")
admin.site.index_title = _("Chamber administration")

# What the accessibility statement says about the last test (e2e/test_accessibility_journey.py writes the
# figures per page): update with each release that changes pages.
ACCESSIBILITY_TEST = {"date": date(2026, 11, 30), "pages": 186, "checks": 384, "axe_version": "4.12.1"}

portal_patterns = (
    [
        path("", views.home, name="home"),
        path("mein-portal/", views.my_portal, name="my_portal"),
        path("impressum/", TemplateView.as_view(template_name="portal/imprint.html"), name="imprint"),
        path("datenschutz/", TemplateView.as_view(template_name="portal/privacy.html"), name="privacy"),
        path(
            "barrierefreiheit/",
            TemplateView.as_view(template_name="portal/accessibility.html", extra_context={"test": ACCESSIBILITY_TEST}),
            name="accessibility",
        ),
    ],
    "portal",
)

urlpatterns = [
    path("", include(portal_patterns)),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/setlang/", views.language_switch, name="set_language"),
    path("admin/", admin.site.urls),
    # Our own steps of sign-up and activation, ahead of allauth's URLs of the same names.
    path("accounts/signup/", account_views.SignupView.as_view(), name="account_signup"),
    path("accounts/confirm-email/", account_views.verification_sent, name="account_email_verification_sent"),
    # allauth's overview of second factors is "Mein Konto → Sicherheit" (below).
    path("accounts/2fa/", RedirectView.as_view(url=reverse_lazy("mfa_index"))),
    path("accounts/", include("accounts.urls")),
    path("betrieb/", include("businesses.urls")),
    path("kurse/", include("courses.urls")),
    path("formulare/", include("forms_catalog.urls")),
    path("lehrvertraege/", include("contracts.urls")),
    path("postfach/", include("documents.urls")),
    path("lehrstellen/", include("jobboard.urls")),
    path("hilfe/", include("help.urls")),
    path("accounts/", include("allauth.urls")),
    # Under allauth's name and after its URLs, so that reverse("mfa_index") — allauth's own redirects
    # after a change — finds this page.
    path("accounts/mein-konto/sicherheit/", account_views.security, name="mfa_index"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
