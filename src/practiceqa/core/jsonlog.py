"""JSON lines for the security log: one object per line, times in UTC."""

import datetime
import json
import logging


class JsonLinesFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        when = datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC)
        line = {
            "time": when.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
        }
        line.update(getattr(record, "security", None) or {"message": record.getMessage()})
        return json.dumps(line, default=str, ensure_ascii=False)
