from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "practiceqa.planning"
    label = "planning"
    verbose_name = "Audit plan"
