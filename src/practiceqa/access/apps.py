from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "practiceqa.access"
    label = "access"
    verbose_name = "Access rules"
