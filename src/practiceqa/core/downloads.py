"""Downloads: a CSV streamed line by line, or an XLSX workbook written to a file, each as an
attachment with its file name; and the "Made ..." time every workbook's title gives."""

from collections.abc import Iterable

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from practiceqa.core.csv_lines import as_csv
from practiceqa.core.xlsx import Sheet, write_workbook

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def made_now() -> str:
    """When a download was made, as its title says it: "2 December 2026 at 17:50"."""
    return timezone.localtime().strftime("%-d %B %Y at %H:%M")


def csv_download(filename: str, header: list[str], rows: Iterable[list]) -> StreamingHttpResponse:
    """`rows` under `header` as a CSV attachment called `filename`, streamed."""
    response = StreamingHttpResponse(as_csv(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_download(filename: str, sheets: list[Sheet]) -> FileResponse:
    """`sheets` as an XLSX attachment called `filename`."""
    return FileResponse(
        write_workbook(sheets), as_attachment=True, filename=filename, content_type=XLSX_TYPE
    )
