from django.urls import include, path

urlpatterns = [
    path("", include("practiceqa.core.urls")),
    path("", include("practiceqa.home.urls")),
    path("", include("practiceqa.org.urls")),
    path("", include("practiceqa.accounts.urls")),
    path("frameworks/", include("practiceqa.frameworks.urls")),
    path("plan/", include("practiceqa.planning.urls")),
    path("audits/", include("practiceqa.audits.urls")),
    path("actions/", include("practiceqa.actions.urls")),
    path("surveys/", include("practiceqa.surveys.urls")),
    path("health-check/", include("practiceqa.healthcheck.urls")),
    path("supervision/", include("practiceqa.org.urls_sessions")),
    path("caseloads/", include("practiceqa.caseloads.urls_import")),
    path("caseloads/", include("practiceqa.caseloads.urls_figures")),
    path("", include("practiceqa.core.govuk.urls")),
]

handler403 = "practiceqa.core.views.permission_denied"
handler404 = "practiceqa.core.views.page_not_found"
handler500 = "practiceqa.core.views.server_error"
