"""A form field that is a text box, select or file upload (no character count), and a
button (on every page: signing out), written in Python: what govuk/field.html (with
govuk/error_message.html) and govuk/button.html write for them, character for character,
without the template engine's cost on every page. Checkboxes and character counts are
still written by the template."""

from django.utils.html import conditional_escape as escape


def error_message_html(auto_id: str, errors) -> str:
    """govuk/error_message.html."""
    if not errors:
        return "\n"
    messages = "<br>".join(
        f'<span class="govuk-visually-hidden">Error:</span> {escape(error)}' for error in errors
    )
    return f'<p id="{escape(auto_id)}-error" class="govuk-error-message">{messages}</p>\n'


def text_field_html(bound_field, *, errors, label_class, heading, widget_html) -> str:
    auto_id = escape(bound_field.auto_id)
    group = " govuk-form-group--error" if errors else ""
    help_text = bound_field.help_text
    hint = (
        f'<div id="{auto_id}-hint" class="govuk-hint">{escape(help_text)}</div>'
        if help_text
        else ""
    )
    opening, closing = ('<h1 class="govuk-label-wrapper">', "</h1>") if heading else ("", "")
    return (
        f'<div class="govuk-form-group{group}">\n  '
        f"\n  {opening}"
        f'\n  <label class="govuk-label {escape(label_class)}" for="{auto_id}">'
        f"{escape(bound_field.label)}</label>"
        f"\n  {closing}"
        f"\n  {hint}"
        f"\n  {error_message_html(bound_field.auto_id, errors)}"
        f"\n  {escape(widget_html)}"
        "\n  \n  \n</div>\n"
    )


def button_html(*, text, classes, href, modifier, name, value, id) -> str:
    """govuk/button.html (`value` a string)."""
    css = "govuk-button"
    if modifier:
        css += f" govuk-button--{escape(modifier)}"
    if classes:
        css += f" {escape(classes)}"
    named = f' id="{escape(id)}"' if id else ""
    if href:
        return (
            f'<a href="{escape(href)}" role="button" draggable="false" class="{css}" '
            f'data-module="govuk-button"{named}>{escape(text)}</a>\n'
        )
    if name:
        named = f' name="{escape(name)}" value="{escape(value)}"{named}'
    return (
        f'<button type="submit" class="{css}" data-module="govuk-button"{named}>'
        f"{escape(text)}</button>\n"
    )
