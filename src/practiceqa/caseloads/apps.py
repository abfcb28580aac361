from django.apps import AppConfig


class CaseloadsConfig(AppConfig):
    name = "practiceqa.caseloads"
    label = "caseloads"
    verbose_name = "Caseloads"

    def ready(self):
        from practiceqa.caseloads.mappings import delete_old_drafts
        from practiceqa.core.imports.expiry import also_expire

        also_expire("mapping draft", delete_old_drafts)
