from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "practiceqa.audits"
    label = "audits"
    verbose_name = "Audits"
