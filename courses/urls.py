from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("", views.catalog, name="catalog"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/buchen/", views.book, name="book"),
    path("meine-buchungen/", views.my_bookings, name="my_bookings"),
    path("buchungen/<int:pk>/stornieren/", views.cancel, name="cancel"),
    path("buchungen/<int:pk>/kalender.ics", views.booking_ics, name="booking_ics"),
]
