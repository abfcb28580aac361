from tests.audits.conftest import framework, standards_audit, submitted_audit  # noqa: F401
