from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "practiceqa.core.imports"
    label = "imports"
    verbose_name = "Imports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from practiceqa.core.imports import expiry  # noqa: F401 - registers the settings check
