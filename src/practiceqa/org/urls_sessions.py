from django.urls import path

from practiceqa.org import views_sessions

urlpatterns = [
    path("record/", views_sessions.session_record, name="supervision-session-record"),
    path("import/", views_sessions.session_import, name="supervision-session-import"),
    path("staff/<int:pk>/", views_sessions.session_list, name="supervision-session-list"),
]
