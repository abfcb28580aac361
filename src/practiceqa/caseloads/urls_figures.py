from django.urls import path

from practiceqa.caseloads import views_figures, views_published

urlpatterns = [
    path("figures/", views_figures.snapshot_list, name="caseload-snapshots"),
    path("figures/<int:pk>/", views_figures.snapshot_detail, name="caseload-snapshot"),
    path(
        "figures/<int:pk>/workers.csv",
        views_figures.snapshot_workers_export,
        name="caseload-snapshot-workers",
    ),
    path(
        "figures/<int:pk>/workers.xlsx",
        views_figures.snapshot_workers_xlsx,
        name="caseload-snapshot-workers-xlsx",
    ),
    path("published/", views_published.published, name="caseload-published"),
    path("published/export/", views_published.published_export, name="caseload-published-export"),
]
