import statistics
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from businesses import services
from businesses.models import AuditEvent, Membership
from businesses.tasks import finalise_pending_memberships_task
from businesses.tests.factories import BusinessFactory, MembershipFactory, PinFactory


def test_sweep_finalises_memberships_left_pending(business, mailoutbox, django_capture_on_commit_callbacks):
    old = MembershipFactory(
        business=business,
        role=Membership.Role.ADMIN,
        status=Membership.Status.PENDING,
        activated_at=None,
        created_at=timezone.now() - timedelta(minutes=5),
    )
    fresh = MembershipFactory(status=Membership.Status.PENDING, activated_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        assert finalise_pending_memberships_task() == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.status == Membership.Status.ACTIVE
    assert fresh.status == Membership.Status.PENDING  # its own task is still on the way
    assert [old.user.email] in [mail.to for mail in mailoutbox]


def test_finalising_twice_is_harmless(business):
    membership = MembershipFactory(business=business, status=Membership.Status.PENDING, activated_at=None)
    assert services.membership_finalise(membership_id=membership.pk) is not None
    assert services.membership_finalise(membership_id=membership.pk) is None
    assert AuditEvent.objects.filter(action="businesses.membership.activated").count() == 1


def test_finalising_rechecks_that_the_business_is_active(business):
    membership = MembershipFactory(business=business, status=Membership.Status.PENDING, activated_at=None)
    business.is_active = False
    business.save()
    services.membership_finalise(membership_id=membership.pk)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ENDED
    assert AuditEvent.objects.filter(action="businesses.membership.refused").exists()


@pytest.mark.django_db(transaction=True)
def test_real_worker_finalises_links_and_latency_is_reported(celery_worker, user_factory, capsys):
    """PIN entered → membership active, through the real broker and worker; prints median and p95."""
    latencies = []
    for n in range(20):
        business = BusinessFactory()
        PinFactory(business=business, clear="WXYZ2345")
        user = user_factory()
        start = time.perf_counter()
        membership = services.pin_redeem(user=user, betriebsnummer=business.betriebsnummer, pin="wxyz-2345")
        deadline = start + 20
        while time.perf_counter() < deadline:
            membership.refresh_from_db()
            if membership.status == Membership.Status.ACTIVE:
                break
            time.sleep(0.01)
        assert membership.status == Membership.Status.ACTIVE, f"link {n} not finalised within 20 s"
        latencies.append(time.perf_counter() - start)
    median = statistics.median(latencies) * 1000
    p95 = statistics.quantiles(latencies, n=20)[18] * 1000
    with capsys.disabled():
        print(f"\nPIN entered → active over {len(latencies)} links: median {median:.0f} ms, p95 {p95:.0f} ms")
    assert p95 < 5000


def test_the_sweep_counts_a_link_it_ended_because_the_business_closed_meanwhile(business):
    MembershipFactory(
        business=business,
        status=Membership.Status.PENDING,
        activated_at=None,
        created_at=timezone.now() - timedelta(minutes=5),
    )
    business.is_active = False
    business.save()
    assert finalise_pending_memberships_task() == 1
    assert Membership.objects.get(business=business).status == Membership.Status.ENDED
