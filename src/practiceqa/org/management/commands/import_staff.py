from practiceqa.core.imports.command import ImportCommand
from practiceqa.core.words import counted
from practiceqa.org.services.staff_import import ImportPlan, StaffImporter


class Command(ImportCommand):
    help = (
        "Import staff from the HR export (CSV or XLSX). The whole file is refused, and nothing "
        "written, if any row has a problem."
    )
    importer_class = StaffImporter
    dry_run_help = "Show what would change without changing anything."

    def report(self, plan: ImportPlan, *, dry_run: bool) -> None:
        counts = plan.counts
        verb = "Would change" if dry_run else "Imported"
        self.stdout.write(
            f"{verb}: {counts['added']} added, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged, {counted(counts['leavers'], 'leaver')}; "
            f"{counted(counts['relationships_started'], 'relationship')} started, "
            f"{counts['relationships_ended']} ended; "
            f"{counted(counts['new_services'], 'new service')}, "
            f"{counted(counts['new_teams'], 'new team')}; "
            f"{counted(counts['not_in_file'], 'person', 'people')} not in the file."
        )
        if dry_run:
            for change in plan.changes:
                if change.status == "unchanged":
                    continue
                details = [f"{label}: {old} -> {new}" for label, old, new in change.fields]
                details += change.relationships
                self.stdout.write(
                    f"  row {change.row} {change.staff_id} {change.full_name} "
                    f"[{change.status}] " + "; ".join(details)
                )
            self.stdout.write("Dry run: nothing has been changed.")
