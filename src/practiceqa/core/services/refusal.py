"""The one exception a service raises when it will not do what it was asked."""

from collections.abc import Iterable, Mapping

STALE = "stale"


class Refusal(Exception):
    """A rule stops this write; nothing has been changed.

    `message` is shown to the person as it is (GOV.UK style: "Enter a due date").
    `field` names the input it is about, so a form shows it next to that field and the
    error summary links to it; without one it is about the whole form. `code` lets a
    caller tell refusals apart without reading the words (`STALE` for a form that is out
    of date). A refusal may carry several problems at once (`Refusal.of`), so a person
    sees everything wrong with what they sent, not one thing at a time.
    """

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        code: str | None = None,
        problems: Iterable[tuple[str | None, str]] = (),
        **details,
    ):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code
        self.problems: list[tuple[str | None, str]] = list(problems) or [(field, message)]
        # What a page needs to explain the refusal (who changed a stale record, and when).
        self.details = details

    def __getattr__(self, name):
        details = self.__dict__.get("details") or {}
        if name in details:
            return details[name]
        raise AttributeError(name)

    @classmethod
    def of(cls, problems: Mapping[str | None, str], *, code: str | None = None) -> "Refusal":
        """One refusal for several problems, keyed by field (None: the whole form)."""
        items = list(problems.items())
        field, message = items[0]
        return cls(message, field=field, code=code, problems=items)

    def form_problems(self) -> list[tuple[str | None, str]]:
        """The problems as a form shows them: (field or None, message)."""
        return self.problems

    @property
    def by_field(self) -> dict[str | None, str]:
        return dict(self.form_problems())

    def __str__(self) -> str:
        return self.message
