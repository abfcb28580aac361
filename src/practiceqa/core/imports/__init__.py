"""One import framework for every CSV/XLSX import (see importer.py for how to add one).

The models, services, views and command live in their own modules (they need Django's
apps loaded); what an importer is built from is importable from here.
"""

from practiceqa.core.imports.columns import (
    DATE_FORMATS,
    Column,
    Row,
    date_parser,
    number_parser,
    parse_date,
    pseudonymiser,
)
from practiceqa.core.imports.importer import Importer, Plan
from practiceqa.core.imports.problems import ImportRefused, Problem, in_order, refuse
from practiceqa.core.imports.reading import NOT_A_TABLE, Table, read_table

__all__ = [
    "DATE_FORMATS",
    "NOT_A_TABLE",
    "Column",
    "ImportRefused",
    "Importer",
    "Plan",
    "Problem",
    "Row",
    "Table",
    "date_parser",
    "in_order",
    "number_parser",
    "parse_date",
    "pseudonymiser",
    "read_table",
    "refuse",
]
