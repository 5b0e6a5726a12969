from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("aktivieren/<uidb64>/<token>/", views.activate, name="activate"),
    path("aktivieren/<uidb64>/<token>/neu/", views.activation_renew, name="activation_renew"),
    path("passwort-festlegen/", views.set_password, name="set_password"),
    path("aktivierungsmail/", views.activation_resend_form, name="activation_resend_form"),
    path("aktivierungsmail/senden/", views.activation_resend, name="activation_resend"),
    path("registrierung/korrigieren/", views.signup_correct, name="signup_correct"),
    path("mein-konto/", views.profile, name="profile"),
    path("mein-konto/geraete/", views.browser_sessions, name="sessions"),
    path("mein-konto/geraete/<int:pk>/abmelden/", views.browser_session_end, name="session_end"),
    path("mein-konto/geraete/andere-abmelden/", views.browser_sessions_end_others, name="sessions_end_others"),
    path("mein-konto/meine-daten/", views.my_data, name="my_data"),
    path("mein-konto/meine-daten/anfordern/", views.data_export_request, name="data_export_request"),
    path("mein-konto/meine-daten/<int:pk>/herunterladen/", views.data_export_download, name="data_export_download"),
    path("mein-konto/loeschen/", views.account_delete, name="delete"),
    path("mein-konto/loeschen/nachfolge/", views.account_delete_successor, name="delete_successor"),
    path("konto-geloescht/", views.account_deleted, name="deleted"),
    path("konto-behalten/<str:token>/", views.account_keep, name="keep"),
]
