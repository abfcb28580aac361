"""History: who changed what, when and why, and the pages that show it.

- `History()` is the history field of every domain model (simple-history, plus the command
  that acted when no account did).
- `acting_as(actor)` says who acts for the writes inside (commands, background work);
  `attribute(instance, by=..., reason=...)` says who makes one save and why.
- `history_of(histories=...)` turns historical records into entries; `history_page` shows
  them on the one history page; `register_names` / `register_label` tell it how an app's
  records are named.
"""

from practiceqa.core.history.entries import (
    HistoryEntry,
    history_of,
    register_label,
    register_names,
    who_of,
)
from practiceqa.core.history.recording import (
    History,
    acting_as,
    attribute,
    current_actor,
)

__all__ = [
    "History",
    "HistoryEntry",
    "acting_as",
    "attribute",
    "current_actor",
    "history_of",
    "register_label",
    "register_names",
    "who_of",
]
