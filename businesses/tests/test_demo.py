from businesses import demo
from businesses.models import Business, Membership


def test_demo_data_has_a_business_with_two_branches_and_an_admin_and_is_idempotent(db):
    demo.load()
    logins = demo.load()
    main = Business.objects.get(betriebsnummer="1234567", filialnummer="")
    assert main.branches.count() == 2
    assert Membership.objects.get(user__email="betrieb@example.de", business=main).role == "admin"
    assert Membership.objects.filter(status="active").count() == 3
    assert logins[0][0] == "betrieb@example.de"
