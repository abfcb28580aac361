"""The columns an import reads: which must be in the header, under what heading (a mapping
can rename them), and how each cell is checked and turned into a value.

A parser takes the cell's text (never empty) and returns the value, or raises ValueError
whose message is shown against the row and column.
"""

import datetime
import functools
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from practiceqa.core.imports.problems import Problem
from practiceqa.core.imports.reading import NOT_A_TABLE

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
# Invisible in a cell, yet part of the value: an ID holding one looks like another ID.
INVISIBLE_CATEGORIES = {"Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp", "Zs"}


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = True  # the header must have it
    identifier: bool = False  # an ID: refused if it holds an invisible character
    blank: str | None = None  # the message when the cell is empty; None: empty is allowed
    max_length: int | None = None
    parse: Callable[[str], Any] | None = None


@dataclass(frozen=True)
class Row:
    """One data row: its number in the file and its values by column name."""

    number: int
    values: dict[str, Any]

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def get(self, name: str, default=None) -> Any:
        return self.values.get(name, default)


def heading_key(text: str) -> str:
    return "_".join(text.strip().lower().replace("_", " ").split())


def locate(
    header: list[str],
    columns: Iterable[Column],
    row: int,
    *,
    headings: Mapping[str, str] | None = None,
) -> tuple[dict[str, int], list[Problem]]:
    """Where each column is in the header row (number `row`), and what is wrong with it.
    `headings` maps a column to the heading it has in this file (by default its name)."""
    columns = list(columns)
    headings = headings or {}
    found: dict[str, int] = {}
    problems = []
    for index, raw in enumerate(header):
        key = heading_key(raw)
        if not key:
            continue
        if key in found:
            problems.append(Problem(row, key, f"Column {key} appears more than once"))
        found[key] = index
    positions, missing = {}, []
    for column in columns:
        heading = headings.get(column.name) or column.name
        index = found.get(heading_key(heading))
        if index is not None:
            positions[column.name] = index
        elif column.required:
            missing.append((column.name, heading))
    for name, heading in missing:
        label = heading if heading == name else f"{heading} ({name})"
        problems.append(Problem(row, name, f"Column {label} is missing from the header row"))
    required = [c for c in columns if c.required]
    if required and len(missing) == len(required) and not headings:
        expected = ",".join(c.name for c in required)
        problems = [Problem(row, None, f"{NOT_A_TABLE}. Expected columns: {expected}")]
    return positions, problems


def invisible_characters(text: str) -> list[str]:
    """The characters of an ID that cannot be seen (or are not what they look like)."""
    if text.isascii() and text.isprintable():  # the usual ID: nothing to look for
        return []
    return [
        char for char in text if char != " " and unicodedata.category(char) in INVISIBLE_CATEGORIES
    ]


def describe(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')}"


def cell_problem(column: Column, text: str) -> str | None:
    """What makes a cell unreadable whatever the column means: a NUL byte anywhere, or an
    invisible character in an ID. The message never repeats the value."""
    if "\x00" in text:
        return f"{column.name} contains a NUL byte (U+0000). Remove it and upload the file again"
    if column.identifier:
        hidden = invisible_characters(text)
        if hidden:
            return (
                f"{column.name} contains an invisible character ({describe(hidden[0])}), "
                "so it would not match the ID it looks like. Type the ID again"
            )
    return None


def parse_cells(
    number: int, texts: Mapping[str, str], columns: Iterable[Column]
) -> tuple[Row, list[Problem]]:
    """A row's values, each column's text parsed by its column; None where it could not be."""
    values, problems = {}, []
    for column in columns:
        text = texts.get(column.name, "")
        values[column.name] = parse_text(number, column, text, column.parse, problems)
    return Row(number, values), problems


def parse_text(number: int, column: Column, text: str, parse, problems: list[Problem]):
    """A cell's value parsed from its text by `parse` (None: the text as it is); None where
    the text is empty or cannot be read, with its problem added to `problems`."""
    if not text:
        if column.blank:
            problems.append(Problem(number, column.name, column.blank))
        return None
    if column.max_length and len(text) > column.max_length:
        problems.append(
            Problem(
                number,
                column.name,
                f"{column.name} must be {column.max_length} characters or fewer",
            )
        )
        return None
    if parse is None:
        return text
    try:
        return parse(text)
    except ValueError as error:
        problems.append(Problem(number, column.name, str(error)))
        return None


# Parsers -----------------------------------------------------------------------------------


def _format_label(formats: Iterable[str]) -> str:
    names = {"%Y": "YYYY", "%m": "MM", "%d": "DD"}
    labels = []
    for fmt in formats:
        for code, name in names.items():
            fmt = fmt.replace(code, name)
        labels.append(fmt)
    return " or ".join(labels)


_CODES = {"%Y": r"(?P<year>\d{4})", "%m": r"(?P<month>\d{1,2})", "%d": r"(?P<day>\d{1,2})"}


@functools.lru_cache(maxsize=64)
def _date_pattern(fmt: str) -> re.Pattern | None:
    """A regular expression for a format made of %Y, %m and %d alone (strptime is slow for
    files of 200,000 rows); None for any other format."""
    parts = re.split(r"(%.)", fmt)
    if any(part.startswith("%") and part not in _CODES for part in parts):
        return None
    return re.compile("".join(_CODES.get(part, re.escape(part)) for part in parts) + r"\Z")


def parse_date(text: str, formats: Iterable[str] = DATE_FORMATS) -> datetime.date:
    """A date in one of the formats (YYYY-MM-DD or DD/MM/YYYY unless given); ValueError
    otherwise."""
    text = text.strip()
    for fmt in formats:
        pattern = _date_pattern(fmt)
        if pattern is None:
            try:
                return datetime.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        match = pattern.match(text)
        if match is not None:
            try:
                return datetime.date(*(int(match[name]) for name in ("year", "month", "day")))
            except ValueError:
                continue
    raise ValueError(text)


def date_parser(formats: Iterable[str] = DATE_FORMATS) -> Callable[[str], datetime.date]:
    formats = tuple(formats)

    @functools.lru_cache(maxsize=4096)  # an export repeats its dates many times
    def parse(text: str) -> datetime.date:
        try:
            return parse_date(text, formats)
        except ValueError:
            raise ValueError(f"{text!r} is not a date: use {_format_label(formats)}") from None

    return parse


def number_parser(message: str = "{text!r} is not a number") -> Callable[[str], Decimal]:
    def parse(text: str) -> Decimal:
        try:
            value = Decimal(text.replace(",", "."))
        except InvalidOperation:
            raise ValueError(message.format(text=text)) from None
        if not value.is_finite():
            raise ValueError(message.format(text=text))
        return value

    return parse


def pseudonymiser(key: str | bytes) -> Callable[[str], str]:
    """A keyed hash of the value (HMAC-SHA256, as hex): the same reference always gives the
    same pseudonym, and without the key nothing leads back from the pseudonym to the
    reference. The key's inner and outer pads are hashed once, not for every value (a
    snapshot has hundreds of thousands)."""
    if not key:
        raise ValueError("A pseudonymisation key is needed")
    secret = key.encode() if isinstance(key, str) else key
    block = hashlib.sha256().block_size
    if len(secret) > block:
        secret = hashlib.sha256(secret).digest()
    secret = secret.ljust(block, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in secret)).copy
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in secret)).copy

    def parse(text: str) -> str:
        hashed = inner()
        hashed.update(text.encode())
        keyed = outer()
        keyed.update(hashed.digest())
        return keyed.hexdigest()

    return parse
