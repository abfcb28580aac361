from django.urls import path

from practiceqa.healthcheck import views

urlpatterns = [
    path("focus-groups/", views.focus_group_list, name="focus-group-list"),
    path("focus-groups/record/", views.focus_group_record_view, name="focus-group-record"),
    path("focus-groups/<int:pk>/", views.focus_group_detail, name="focus-group-detail"),
    path("focus-groups/<int:pk>/edit/", views.focus_group_edit, name="focus-group-edit"),
    path("intelligence/", views.intelligence_view, name="intelligence"),
]

from practiceqa.healthcheck import views_intelligence  # noqa: E402

urlpatterns += [
    path(
        "intelligence/<int:pk>/change/",
        views_intelligence.intelligence_change_view,
        name="intelligence-change",
    ),
    path(
        "intelligence/<int:pk>/remove/",
        views_intelligence.intelligence_remove_view,
        name="intelligence-remove",
    ),
]

from practiceqa.healthcheck import views_selfassessment  # noqa: E402

urlpatterns += [
    path("self-assessment/", views_selfassessment.self_assessment, name="self-assessment"),
    path(
        "self-assessment/endorse/",
        views_selfassessment.self_assessment_endorse_view,
        name="self-assessment-endorse",
    ),
    path(
        "self-assessment/years/",
        views_selfassessment.self_assessment_years,
        name="self-assessment-years",
    ),
    path(
        "self-assessment/years/<int:year>/",
        views_selfassessment.self_assessment_of_year,
        name="self-assessment-year",
    ),
    path(
        "self-assessment/<slug:area>/",
        views_selfassessment.self_assessment_area,
        name="self-assessment-area",
    ),
    path(
        "self-assessment/<slug:area>/action/",
        views_selfassessment.self_assessment_action,
        name="self-assessment-action",
    ),
]
