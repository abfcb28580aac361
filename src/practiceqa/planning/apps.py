from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "practiceqa.planning"
    label = "planning"
    verbose_name = "Audit plan"

    def ready(self) -> None:
        # The receivers connect; the caseloads' part of the demo's past registers (the
        # caseload audit is the plan's, so the part is here, not in caseloads).
        from practiceqa.planning import demo_caseload, receivers  # noqa: F401
