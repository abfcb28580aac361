"""SURVEY_MIN_GROUP may be raised above 10 but never set below 5: a smaller group could
be recognised. A lower setting stops `manage.py check` (and runserver, migrate) with an
error, and every results page or command refuses to run on it (`min_group`)."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

FLOOR = 5
DEFAULT = 10


def min_group() -> int:
    """The fewest responses a published figure may rest on."""
    value = getattr(settings, "SURVEY_MIN_GROUP", DEFAULT)
    if not isinstance(value, int) or isinstance(value, bool) or value < FLOOR:
        raise ImproperlyConfigured(
            f"SURVEY_MIN_GROUP is {value!r}: it must be a whole number of at least {FLOOR}"
        )
    return value


@checks.register(checks.Tags.security)
def check_min_group(app_configs=None, **kwargs):
    try:
        min_group()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="surveys.E001")]
    return []
