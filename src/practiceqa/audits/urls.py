from django.urls import path

from practiceqa.audits import (
    views,
    views_answering,
    views_check,
    views_documents,
    views_lifecycle,
)

urlpatterns = [
    path("", views.audit_list, name="audit-list"),
    path("start/", views.audit_start_view, name="audit-start"),
    path("<int:pk>/", views_answering.audit_detail, name="audit-detail"),
    path("<int:pk>/check/", views_check.audit_check, name="audit-check"),
    path("<int:pk>/comment/", views_lifecycle.audit_comment, name="audit-comment"),
    path("<int:pk>/sign-off/", views_lifecycle.audit_sign_off_view, name="audit-sign-off"),
    path("<int:pk>/amend/", views_lifecycle.audit_amend_view, name="audit-amend"),
    path("<int:pk>/history/", views.audit_history, name="audit-history"),
    path("<int:pk>/print/", views_documents.audit_print, name="audit-print"),
    path("<int:pk>/download/", views_documents.audit_docx, name="audit-docx"),
    path("supervision-file/<int:pk>/", views.supervision_file_view, name="supervision-file"),
]
