from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "practiceqa.org"
    label = "org"
    verbose_name = "Organisation"

    def ready(self):
        from practiceqa.org import history  # noqa: F401 - registers how history names records
