from django.apps import AppConfig


class HealthcheckConfig(AppConfig):
    name = "practiceqa.healthcheck"
    label = "healthcheck"
    verbose_name = "Health check"
