import pytest

from tests.factories import UserFactory
from tests.org.staff_import_helpers import council_rows, run


@pytest.fixture
def importer(db):
    return UserFactory(username="hr.admin@council.example")


@pytest.fixture
def council(importer):
    run(council_rows(), user=importer)
    return council_rows()
