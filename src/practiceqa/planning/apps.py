from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "practiceqa.planning"
    label = "planning"
    verbose_name = "Audit plan"

    def ready(self) -> None:
        from practiceqa.planning import receivers  # noqa: F401 (connects the receivers)
