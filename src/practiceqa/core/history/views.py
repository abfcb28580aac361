"""The one history page: a record's changes, newest first, with a link back to it."""

from django.shortcuts import render

from practiceqa.core.history.entries import history_of


def history_page(
    request,
    *,
    title: str,
    back_url: str,
    back_label: str,
    histories,
    **options,
):
    """Render the history of `histories` (see `history_of` for `options`). The caller has
    checked that the person may see it."""
    entries = history_of(histories=histories, **options)
    return render(
        request,
        "history/page.html",
        {"title": title, "back_url": back_url, "back_label": back_label, "entries": entries},
    )
