from django.urls import path

from practiceqa.caseloads import views_import
from practiceqa.caseloads.imports import CaseloadImporter
from practiceqa.core.imports.views import ImportDetailView

urlpatterns = [
    path(
        "import/",
        views_import.CaseloadImportUploadView.as_view(importer_class=CaseloadImporter),
        name="caseload-import",
    ),
    path(
        "import/<int:pk>/",
        ImportDetailView.as_view(importer_class=CaseloadImporter),
        name="caseload-import-detail",
    ),
    path("mappings/", views_import.mapping_list, name="caseload-mappings"),
    path(
        "mappings/new/<int:pk>/columns/",
        views_import.mapping_columns,
        name="caseload-mapping-columns",
    ),
    path(
        "mappings/new/<int:pk>/statuses-and-dates/",
        views_import.mapping_details,
        name="caseload-mapping-details",
    ),
]
