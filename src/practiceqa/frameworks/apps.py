from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "practiceqa.frameworks"
    label = "frameworks"
    verbose_name = "Framework library"
