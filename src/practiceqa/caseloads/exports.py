"""CSV lines of caseload figures, streamed."""

from practiceqa.core.csv_lines import as_csv

__all__ = ["as_csv"]
