from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "practiceqa.core"
    label = "core"
    verbose_name = "Practice QA core"
