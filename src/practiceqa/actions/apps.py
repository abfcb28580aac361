from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "practiceqa.actions"
    label = "actions"
    verbose_name = "Actions"
