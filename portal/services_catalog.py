"""The portal's services as "Mein Portal" and the start page list them.

Each feature app adds its entry point here when it lands (url_name); until then the service is listed
as being prepared.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class PortalService:
    key: str
    title: Promise
    description: Promise
    url_name: str = ""
    needs_business: bool = False

    @property
    def url(self) -> str:
        if not self.url_name:
            return ""
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return ""


SERVICES = [
    PortalService(
        key="courses",
        title=_("Book courses"),
        description=_("Find further training and master courses of the chamber and book them online."),
        url_name="courses:catalog",
    ),
    PortalService(
        key="forms",
        title=_("Online forms"),
        description=_("Submit selected applications and notifications to the chamber online."),
        url_name="forms_catalog:catalog",
    ),
    PortalService(
        key="contracts",
        title=_("Online apprenticeship contract"),
        description=_("Enter apprenticeship contracts online and send them to the chamber for registration."),
        url_name="contracts:list",
        needs_business=True,
    ),
    PortalService(
        key="documents",
        title=_("File exchange"),
        description=_("Exchange documents securely with the chamber."),
        url_name="documents:list",
        needs_business=True,
    ),
    PortalService(
        key="jobboard",
        title=_("Apprenticeship and internship board"),
        description=_("Publish your business's apprenticeships and internships."),
        url_name="jobboard:mine",
        needs_business=True,
    ),
]


def services_general() -> list[PortalService]:
    return [service for service in SERVICES if not service.needs_business]


def services_business() -> list[PortalService]:
    return [service for service in SERVICES if service.needs_business]
