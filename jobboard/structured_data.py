"""schema.org JobPosting of a published posting, as a JSON-LD data block (`<script type="application/ld+json">`).

Search engines read it from the detail page. The JSON is escaped for a script element as Django's
`json_script` does (`<`, `>` and `&` as \\u escapes), so no text of a posting can end the element.
"""

from __future__ import annotations

import datetime as dt
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import _json_script_escapes, format_html
from django.utils.safestring import SafeString, mark_safe

from .models import Vacancy

EMPLOYMENT_TYPE = {
    Vacancy.Kind.APPRENTICESHIP: "FULL_TIME",
    Vacancy.Kind.DUAL_STUDY: "FULL_TIME",
    Vacancy.Kind.INTERNSHIP: "INTERN",
}


def job_posting(vacancy: Vacancy, *, request=None) -> dict:
    """The JobPosting with Google's required properties (title, description, datePosted, hiringOrganization,
    jobLocation; validThrough where the end is set)."""
    business = vacancy.business
    posted = vacancy.live_since or vacancy.created_at
    data = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": vacancy.title,
        "description": vacancy.description,
        "datePosted": posted.date().isoformat(),
        "employmentType": EMPLOYMENT_TYPE.get(vacancy.kind, "OTHER"),
        "occupationalCategory": vacancy.occupation.name,
        "totalJobOpenings": vacancy.places,
        "hiringOrganization": {"@type": "Organization", "name": business.name},
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "streetAddress": vacancy.site_street,
                "postalCode": vacancy.site_postal_code,
                "addressLocality": vacancy.site_city,
                "addressCountry": "DE",
            },
        },
    }
    if vacancy.lat is not None:
        data["jobLocation"]["geo"] = {"@type": "GeoCoordinates", "latitude": vacancy.lat, "longitude": vacancy.lon}
    if vacancy.published_until:
        data["validThrough"] = dt.datetime.combine(vacancy.published_until, dt.time(23, 59)).isoformat()
    if vacancy.start_date:
        data["jobStartDate"] = vacancy.start_date.isoformat()
    if request is not None:
        data["url"] = request.build_absolute_uri(vacancy.get_public_url())
    return data


def json_ld_script(data: dict) -> SafeString:
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_json_script_escapes)
    # Safe: the JSON's <, > and & are escaped above, so the element cannot be closed from inside it.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
