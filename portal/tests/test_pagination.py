"""portal.pagination.page_of: the same pages as Django's Paginator.get_page, in one query per page."""

import pytest
from django.core.paginator import Paginator

from courses.models import Course
from courses.tests.factories import CourseFactory
from portal.pagination import page_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("number", [None, "", "1", "2", "3", "4", "99", "0", "-1", "abc", "2.5"])
def test_the_same_page_as_paginator(number):
    for n in range(7):
        CourseFactory(title=f"Kurs {n}")
    courses = Course.objects.order_by("pk")

    expected = Paginator(courses, 3).get_page(number)
    page = page_of(courses, number, 3)

    assert page.number == expected.number
    assert [course.pk for course in page] == [course.pk for course in expected]
    assert page.paginator.count == 7
    assert page.paginator.num_pages == 3
    assert page.has_next() == expected.has_next()


def test_one_query_for_a_page_and_its_count(django_assert_num_queries):
    for n in range(5):
        CourseFactory(title=f"Kurs {n}")

    with django_assert_num_queries(1):
        page = page_of(Course.objects.order_by("pk"), "2", 2)
        assert page.paginator.count == 5
        assert len(page.object_list) == 2


def test_an_empty_result_is_an_empty_first_page():
    page = page_of(Course.objects.none(), "1", 20)

    assert page.number == 1
    assert list(page) == []
    assert page.paginator.count == 0
