"""Statuses that are shown as a GOV.UK tag declare each member's colour here, once."""

from django.db import models

TAG_COLOURS = {"grey", "green", "turquoise", "blue", "light-blue", "purple", "pink", "red"}
TAG_COLOURS |= {"orange", "yellow"}


class TagChoices(models.TextChoices):
    """A ``TextChoices`` whose members are drawn as tags: subclasses define
    ``tag_colours()`` returning the colour of each member (a GOV.UK tag colour)."""

    @classmethod
    def tag_colours(cls) -> dict:
        return {}

    @property
    def tag_colour(self) -> str:
        return type(self).tag_colours().get(self, "")


def tag_choices_for(choices) -> type[TagChoices] | None:
    """The TagChoices class whose choices are exactly these (a model field's choices)."""
    wanted = list(choices or [])
    for cls in _all_subclasses(TagChoices):
        if list(cls.choices) == wanted:
            return cls
    return None


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)
