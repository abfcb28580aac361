from django.apps import AppConfig


class CaseloadsConfig(AppConfig):
    name = "practiceqa.caseloads"
    label = "caseloads"
    verbose_name = "Caseloads"
