"""`manage.py expire_uploads`: erase the file of every upload left neither applied nor
discarded for UPLOAD_KEEP_HOURS, and mark it Expired (run it from cron, e.g. hourly)."""

from practiceqa.core.imports.expiry import expire_old_uploads, keep_hours
from practiceqa.core.management.acting import ActingCommand


class Command(ActingCommand):
    help = __doc__

    def handle(self, *args, **options):
        expired = expire_old_uploads(by=self.actor.user)
        files = "upload" if expired == 1 else "uploads"
        self.stdout.write(
            f"Expired {expired} {files} older than {keep_hours()} hours: their files are erased."
        )
