"""`manage.py expire_uploads`: erase the file of every upload left neither applied nor
discarded for UPLOAD_KEEP_HOURS, and mark it Expired, and every other file an app keeps
unfinished as long (a caseload mapping draft); run it from cron, e.g. hourly."""

from practiceqa.core.imports.expiry import expire_everything, keep_hours
from practiceqa.core.management.acting import ActingCommand


class Command(ActingCommand):
    help = __doc__

    def handle(self, *args, **options):
        erased = expire_everything(by=self.actor.user)
        expired = erased.pop("upload")
        files = "upload" if expired == 1 else "uploads"
        self.stdout.write(
            f"Expired {expired} {files} older than {keep_hours()} hours: their files are erased."
        )
        for name, count in erased.items():
            if count:
                self.stdout.write(
                    f"Deleted {count} {name}{'' if count == 1 else 's'} older than "
                    f"{keep_hours()} hours, with their files."
                )
