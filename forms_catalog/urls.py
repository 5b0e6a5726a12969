from django.urls import path

from . import views

app_name = "forms_catalog"

urlpatterns = [
    path("", views.catalog, name="catalog"),
    path("meine-antraege/", views.my_submissions, name="my_submissions"),
    path("meine-antraege/<str:reference>/", views.submission_detail, name="submission_detail"),
    path("meine-antraege/<str:reference>/dateien/<int:file_id>/", views.file_download, name="file_download"),
    path("eingereicht/<str:reference>/", views.submitted, name="submitted"),
    path("<slug:slug>/", views.fill, name="fill"),
]
