from django.urls import include, path

urlpatterns = [
    path("", include("practiceqa.core.urls")),
    path("", include("practiceqa.org.urls")),
    path("frameworks/", include("practiceqa.frameworks.urls")),
]

handler403 = "practiceqa.core.views.permission_denied"
handler404 = "practiceqa.core.views.page_not_found"
handler500 = "practiceqa.core.views.server_error"
