"""A select whose options are written in one loop, and choices taken as they are.

Django renders every <option> through its own template, which is most of the time of a
page with a few hundred of them (the plan's filter of who leads). `LongSelect` writes the
same markup directly; `PlainChoices` spares a field's choices Django's normalising, pair by
pair, each time they are set.
"""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


def _escaped(text) -> str:
    """`conditional_escape` at less cost per option: plain text escaped, safe markup kept."""
    if hasattr(text, "__html__"):
        return text.__html__()
    return escape(str(text))


class PlainChoices(BaseChoiceIterator):
    """Flat (value, label) pairs, already as Django's choices are: `field.choices =
    PlainChoices(pairs)` keeps them as given (Django leaves its choice iterators alone)
    rather than normalising hundreds of pairs for the field and again for its widget."""

    def __init__(self, pairs):
        self.pairs = list(pairs)

    def __iter__(self):
        return iter(self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)

    def __bool__(self) -> bool:
        return bool(self.pairs)


class LongSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        final = self.build_attrs(self.attrs, attrs)
        parts = [f'<select name="{conditional_escape(name)}"{flatatt(final)}>']
        has_selected = False
        for key, label in self.choices:
            key = "" if key is None else str(key)
            selected = ""
            if not has_selected and key in chosen:
                selected, has_selected = " selected", True
            parts.append(f'<option value="{_escaped(key)}"{selected}>{_escaped(label)}</option>')
        parts.append("</select>")
        return mark_safe("\n".join(parts))
