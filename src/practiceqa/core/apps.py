from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "practiceqa.core"
    label = "core"
    verbose_name = "Practice QA core"

    def ready(self) -> None:
        from practiceqa.core import kept_figures
        from practiceqa.core.statistics import after_migrate

        post_migrate.connect(after_migrate, sender=self, dispatch_uid="core.statistics")
        post_migrate.connect(
            kept_figures.after_migrate, sender=self, dispatch_uid="core.kept_figures"
        )
