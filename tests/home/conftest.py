# The planning tests' council (a team, its managers, two supervisors and their supervisees)
# and their pinned day, for My work.
from tests.planning.conftest import council, framework, today  # noqa: F401 (fixtures)
