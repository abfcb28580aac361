from django.core.management.base import CommandError

from practiceqa.core.management.acting import ActingCommand
from practiceqa.frameworks.services.loading import FrameworkFileError, framework_load


class Command(ActingCommand):
    help = "Load or update a framework from the library (e.g. coventry-2017) or a YAML file."

    def add_arguments(self, parser):
        parser.add_argument("name_or_file")

    def handle(self, *args, name_or_file, **options):
        try:
            result = framework_load(name_or_path=name_or_file)
        except FrameworkFileError as error:
            raise CommandError(str(error)) from None
        version = result.version
        if result.created:
            self.stdout.write(f"Loaded {version.framework.slug} as version {version.number}.")
        else:
            self.stdout.write(f"{version.framework.slug} is unchanged (version {version.number}).")
