from django.urls import path

from . import views

app_name = "businesses"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("onlineangebote/", views.offers, name="offers"),
    path("pin-anfordern/", views.pin_request, name="pin_request"),
    path("pin-anfordern/gesendet/", views.pin_request_done, name="pin_request_done"),
    path("verknuepfen/", views.link, name="link"),
    path("verknuepfung/<int:pk>/", views.link_status, name="link_status"),
    path("verknuepfung/<int:pk>/status.json", views.link_status_json, name="link_status_json"),
    path("wechseln/", views.switch, name="switch"),
    path("einladen/", views.invite, name="invite"),
    path("einladungen/<int:pk>/zurueckziehen/", views.invitation_revoke, name="invitation_revoke"),
    path("einladung/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("einladung/<str:token>/registrieren/", views.invitation_register, name="invitation_register"),
    path("mitglieder/<int:pk>/rolle/", views.member_role, name="member_role"),
    path("mitglieder/<int:pk>/entfernen/", views.member_remove, name="member_remove"),
    path("verlassen/", views.leave, name="leave"),
    path("verlauf/", views.history, name="history"),
    path("zwei-faktor/", views.second_factor_policy, name="second_factor_policy"),
]
