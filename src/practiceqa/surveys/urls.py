from django.urls import path

from practiceqa.surveys import views

urlpatterns = [
    path("", views.survey_list, name="survey-list"),
    path("open/", views.survey_open_view, name="survey-open"),
    path("<int:pk>/", views.survey_detail, name="survey-detail"),
    path("<int:pk>/close/", views.survey_close_view, name="survey-close"),
    path("<int:pk>/answer/", views.survey_answer_view, name="survey-answer"),
    path("<int:pk>/results/", views.survey_results_view, name="survey-results"),
    path(
        "<int:pk>/results/export/",
        views.survey_results_export_view,
        name="survey-results-export",
    ),
]
