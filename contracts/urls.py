from django.urls import path

from . import views

app_name = "contracts"

urlpatterns = [
    path("", views.contract_list, name="list"),
    path("neu/", views.contract_create, name="create"),
    path("berechnung.json", views.contract_calculation, name="calculation"),
    path("<int:pk>/", views.contract_detail, name="detail"),
    path("<int:pk>/bearbeiten/", views.contract_edit, name="edit"),
    path("<int:pk>/einreichen/", views.contract_submit, name="submit"),
    path("<int:pk>/duplizieren/", views.contract_duplicate, name="duplicate"),
    path("<int:pk>/loeschen/", views.contract_delete, name="delete"),
    path("<int:pk>/pdf/<str:document_name>/", views.contract_document, name="document"),
    path("<int:pk>/digital-abschliessen/", views.contract_conclude_digital, name="conclude_digital"),
    path("<int:pk>/papier-abschliessen/", views.contract_conclude_paper, name="conclude_paper"),
    path("<int:pk>/dateien/<int:file_id>/", views.contract_file_download, name="file_download"),
    path("<int:pk>/aenderung-melden/", views.contract_report_change, name="report_change"),
    # Opened by the apprentice and the guardians from their e-mail, without an account: the token is the key.
    path("bestaetigen/<str:token>/", views.confirm, name="confirm"),
    path("bestaetigen/<str:token>/vertrag.pdf", views.confirm_document, name="confirm_document"),
]
