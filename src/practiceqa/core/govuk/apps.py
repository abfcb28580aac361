from django.apps import AppConfig


class GovukConfig(AppConfig):
    name = "practiceqa.core.govuk"
    label = "govuk"
    verbose_name = "GOV.UK components"
