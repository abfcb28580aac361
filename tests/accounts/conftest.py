from tests.accounts.test_security_log import security_log  # noqa: F401, E402
from tests.audits.conftest import framework, standards_audit, submitted_audit  # noqa: F401
from tests.oidc_provider import oidc_provider, sso  # noqa: F401, E402
