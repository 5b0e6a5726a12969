"""Which answers are opened: counted per answer and day, also with the page cache on (an answer page is never
kept there); staff previewing an answer do not count. Nothing about the person is stored."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from help.models import FaqOpenDay

from .factories import FaqFactory

pytestmark = pytest.mark.django_db


def test_each_opening_of_an_answer_is_counted_also_with_the_page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    faq = FaqFactory()
    url = reverse("help:answer", args=[faq.slug])

    for _visit in range(3):
        assert Client().get(url).status_code == 200
    Client().get(reverse("help:index"))
    Client().head(url)

    assert list(FaqOpenDay.objects.values_list("faq", "day", "count")) == [(faq.pk, timezone.localdate(), 3)]


def test_staff_previews_and_missing_answers_are_not_counted(staff_client, client):
    faq = FaqFactory()
    draft = FaqFactory(is_published=False)

    staff_client.get(reverse("help:answer", args=[faq.slug]))
    Client().get(reverse("help:answer", args=[draft.slug]))
    Client().get(reverse("help:answer", args=["gibt-es-nicht"]))

    assert not FaqOpenDay.objects.exists()


def test_the_count_table_holds_only_answer_day_and_number():
    assert {field.name for field in FaqOpenDay._meta.get_fields()} == {"id", "faq", "day", "count"}
