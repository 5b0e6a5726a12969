from django.urls import path

from . import views

app_name = "help"

urlpatterns = [
    path("", views.index, name="index"),
    path("suche/", views.search, name="search"),
    path("antworten/<slug:slug>/", views.answer, name="answer"),
    path("kontakt/", views.contact, name="contact"),
    path("kontakt/gesendet/", views.contact_done, name="contact_done"),
]
