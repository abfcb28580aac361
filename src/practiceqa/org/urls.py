from django.urls import path

from practiceqa.org import views

urlpatterns = [
    path("staff/", views.staff_list, name="staff-list"),
    path("staff/import/", views.staff_import, name="staff-import"),
    path("staff/import/<int:pk>/", views.staff_import_detail, name="staff-import-detail"),
    path("staff/<int:pk>/", views.staff_detail, name="staff-detail"),
    path("staff/<int:pk>/history/", views.staff_history, name="staff-history"),
    path("teams/", views.team_list, name="team-list"),
    path("teams/<int:pk>/", views.team_detail, name="team-detail"),
    path("teams/<int:pk>/history/", views.team_history, name="team-history"),
]
