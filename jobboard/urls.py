from django.urls import path

from . import views

app_name = "jobboard"

urlpatterns = [
    # Public: the board for visitors.
    path("", views.search, name="search"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/drucken/", views.detail_print, name="print"),
    path("neu.atom", views.feed, name="feed"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    # Saved searches of a logged-in person, and the one-click link of their mails.
    path("suchauftraege/", views.saved_searches, name="saved_searches"),
    path("suchauftraege/speichern/", views.saved_search_save, name="saved_search_save"),
    path("suchauftraege/<int:pk>/loeschen/", views.saved_search_delete, name="saved_search_delete"),
    path("abbestellen/<str:token>/", views.unsubscribe, name="unsubscribe"),
    # "Mein Betrieb": the business's own postings.
    path("betrieb/", views.mine, name="mine"),
    path("betrieb/neu/", views.vacancy_create, name="create"),
    path("betrieb/<int:pk>/", views.own_detail, name="own_detail"),
    path("betrieb/<int:pk>/bearbeiten/", views.vacancy_edit, name="edit"),
    path("betrieb/<int:pk>/einreichen/", views.vacancy_submit, name="submit"),
    path("betrieb/<int:pk>/duplizieren/", views.vacancy_duplicate, name="duplicate"),
    path("betrieb/<int:pk>/beenden/", views.vacancy_close, name="close"),
    path("betrieb/<int:pk>/wieder-veroeffentlichen/", views.vacancy_republish, name="republish"),
]
