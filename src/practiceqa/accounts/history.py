"""What happens to an account, in the person's history: a reset of their second factor, its
link to the council's identity provider."""

from practiceqa.accounts.models import ProviderLink, SecondFactorReset
from practiceqa.core.history import register_label
from practiceqa.org.history import register_account_history


def _reset(row, lookups) -> str:
    return f"Two-factor sign-in reset, and the person emailed. Reason: {row.reason}"


register_label("accounts.SecondFactorReset", _reset)
register_account_history(lambda user_id: SecondFactorReset.history.filter(user_id=user_id))


def _linked(row, lookups) -> str:
    if row.history_type == "-":
        return f"Unlinked from the identity provider's account {row.subject} (at {row.issuer})."
    return f"Linked to the identity provider's account {row.subject} (at {row.issuer})."


register_label("accounts.ProviderLink", _linked)
register_account_history(lambda user_id: ProviderLink.history.filter(user_id=user_id))
