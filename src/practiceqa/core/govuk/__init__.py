"""GOV.UK Frontend components, rendered from one place.

Pages compose the tags of ``{% load govuk %}`` (a built-in, so no page loads it): ``field``
draws every kind of form field (text, select, textarea with a character count, file,
checkbox, radios with conditional reveals, checkboxes and the date input) with its label,
hint, error and ``aria-describedby``; ``error_summary``, ``summary_list``/``row``,
``table_region``, ``tag``, ``button`` and ``pagination`` draw the other components. The
markup lives only in ``templates/govuk/``. The component gallery (``/components/``, in dev
and test only) shows each one in its plain, error and filled states.
"""
