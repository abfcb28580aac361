from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "practiceqa.surveys"
    label = "surveys"
    verbose_name = "Surveys"

    def ready(self):
        from practiceqa.surveys import checks  # noqa: F401 - registers the settings check
