from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "practiceqa.accounts"
    label = "accounts"
    verbose_name = "Sign-in, sessions and security records"

    def ready(self) -> None:
        from practiceqa.accounts import history, receivers  # noqa: F401
