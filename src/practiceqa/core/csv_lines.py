"""CSV lines for a streamed download (formula-looking text neutralised by the caller with
core.xlsx.neutralise)."""

import csv
from collections.abc import Iterable, Iterator


class _Line:
    """A file-like that hands back what the csv writer wrote."""

    def write(self, text: str) -> str:
        return text


def as_csv(header: list[str], rows: Iterable[list]) -> Iterator[bytes]:
    """CSV lines, one at a time (for a streamed response), a byte order mark first so that
    Excel reads UTF-8; dates written as ISO dates."""
    writer = csv.writer(_Line(), lineterminator="\r\n")
    yield ("\ufeff" + writer.writerow(header)).encode()
    for row in rows:
        yield writer.writerow(
            [value.isoformat() if hasattr(value, "isoformat") else value for value in row]
        ).encode()
