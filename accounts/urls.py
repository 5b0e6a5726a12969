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
]
