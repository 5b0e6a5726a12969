from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("", views.document_list, name="list"),
    path("neu/", views.document_create, name="create"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/antworten/", views.document_reply, name="reply"),
    path("<int:pk>/dateien/<int:file_id>/", views.file_download, name="file_download"),
]
