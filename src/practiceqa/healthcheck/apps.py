from django.apps import AppConfig


class HealthcheckConfig(AppConfig):
    name = "practiceqa.healthcheck"
    label = "healthcheck"
    verbose_name = "Health check"

    def ready(self):
        # The health check's part of the demo's past (`planning.demo` may not import it).
        from practiceqa.healthcheck import demo  # noqa: F401
