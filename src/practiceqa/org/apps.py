from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "practiceqa.org"
    label = "org"
    verbose_name = "Organisation"
