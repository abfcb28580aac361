from django.urls import path

from practiceqa.core.imports.views import ImportDetailView, ImportUploadView
from practiceqa.org import views, views_accounts
from practiceqa.org.services.staff_import import StaffImporter

urlpatterns = [
    path("password-reset/", views_accounts.password_reset, name="password-reset"),
    path("password-reset/sent/", views_accounts.password_reset_done, name="password-reset-done"),
    path(
        "password-reset/complete/",
        views_accounts.password_reset_complete,
        name="password-reset-complete",
    ),
    path(
        "set-password/<str:token>/",
        views_accounts.password_reset_confirm,
        name="password-reset-confirm",
    ),
    path("staff/", views.staff_list, name="staff-list"),
    path("staff/invite/", views_accounts.staff_invite_view, name="staff-invite"),
    path("staff/email-changes/", views_accounts.email_changes, name="email-changes"),
    path(
        "staff/import/",
        ImportUploadView.as_view(importer_class=StaffImporter),
        name="staff-import",
    ),
    path(
        "staff/import/<int:pk>/",
        ImportDetailView.as_view(importer_class=StaffImporter),
        name="staff-import-detail",
    ),
    path("staff/<int:pk>/", views.staff_detail, name="staff-detail"),
    path("staff/<int:pk>/history/", views.staff_history, name="staff-history"),
    path(
        "staff/<int:pk>/sign-in-email/",
        views_accounts.sign_in_email_edit,
        name="staff-sign-in-email",
    ),
    path("teams/", views.team_list, name="team-list"),
    path("teams/<int:pk>/", views.team_detail, name="team-detail"),
    path("teams/<int:pk>/history/", views.team_history, name="team-history"),
]
