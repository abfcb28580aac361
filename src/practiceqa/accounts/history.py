"""What happens to an account, in the person's history: a reset of their second factor."""

from practiceqa.accounts.models import SecondFactorReset
from practiceqa.core.history import register_label
from practiceqa.org.history import register_account_history


def _reset(row, lookups) -> str:
    return f"Two-factor sign-in reset, and the person emailed. Reason: {row.reason}"


register_label("accounts.SecondFactorReset", _reset)
register_account_history(lambda user_id: SecondFactorReset.history.filter(user_id=user_id))
