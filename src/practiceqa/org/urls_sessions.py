from django.urls import path

from practiceqa.core.imports.views import ImportUploadView
from practiceqa.org import views_sessions
from practiceqa.org.services.supervision_sessions import SessionImporter

urlpatterns = [
    path("record/", views_sessions.session_record, name="supervision-session-record"),
    path(
        "import/",
        ImportUploadView.as_view(importer_class=SessionImporter),
        name="supervision-session-import",
    ),
    path("<int:pk>/change/", views_sessions.session_change, name="supervision-session-change"),
    path("<int:pk>/remove/", views_sessions.session_remove, name="supervision-session-remove"),
    path("staff/<int:pk>/", views_sessions.session_list, name="supervision-session-list"),
]
