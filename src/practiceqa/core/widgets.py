"""A select whose options are written in one loop.

Django renders every <option> through its own template, which is most of the time of a
page with a few hundred of them (the plan's filter of who leads). This writes the same
markup directly.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


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
            parts.append(
                f'<option value="{conditional_escape(key)}"{selected}>'
                f"{conditional_escape(label)}</option>"
            )
        parts.append("</select>")
        return mark_safe("\n".join(parts))
