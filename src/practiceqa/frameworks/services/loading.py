"""Loading framework files from the library or a path into stored versions."""

import datetime
import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction

from practiceqa.frameworks.models import Framework, FrameworkVersion

LIBRARY_DIR = Path(__file__).resolve().parent.parent / "library"
LEVELS = {"practitioner", "organisational"}


class FrameworkFileError(Exception):
    """A framework file that cannot be loaded; the message names the file and line."""


@dataclass
class LoadResult:
    version: FrameworkVersion
    created: bool


def library_names() -> list[str]:
    return sorted(path.stem for path in LIBRARY_DIR.glob("*.yaml"))


def resolve_source(name_or_path: str) -> Path:
    candidate = Path(name_or_path)
    if candidate.suffix in {".yaml", ".yml"} or candidate.exists():
        if not candidate.exists():
            raise FrameworkFileError(f"{name_or_path}: no such file")
        return candidate
    path = LIBRARY_DIR / f"{name_or_path}.yaml"
    if not path.exists():
        raise FrameworkFileError(
            f"{name_or_path}: not a file and not a library framework "
            f"(library: {', '.join(library_names())})"
        )
    return path


def _line_of(node_map: dict, key: str, default: int = 1) -> int:
    node = node_map.get(key)
    return node.start_mark.line + 1 if node is not None else default


def parse_framework(text: str, source: str) -> dict:
    """The framework definition, or FrameworkFileError naming the file, line and problem."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise FrameworkFileError(
            f"{source}, line {line}: {getattr(error, 'problem', error)}"
        ) from None
    if not isinstance(data, dict) or root is None:
        raise FrameworkFileError(f"{source}, line 1: a framework file must be a mapping")
    keys = {key.value: value for key, value in root.value}
    for required in ("slug", "title", "audit_types"):
        if required not in data:
            raise FrameworkFileError(f"{source}, line 1: '{required}' is missing")
    if not isinstance(data["audit_types"], list) or not data["audit_types"]:
        raise FrameworkFileError(
            f"{source}, line {_line_of(keys, 'audit_types')}: audit_types must be a list"
        )
    seen = set()
    for index, audit_type in enumerate(data["audit_types"]):
        line = keys["audit_types"].value[index].start_mark.line + 1
        if not isinstance(audit_type, dict):
            raise FrameworkFileError(f"{source}, line {line}: an audit type must be a mapping")
        for required in ("code", "name", "level", "lead"):
            if not audit_type.get(required):
                raise FrameworkFileError(f"{source}, line {line}: audit type needs '{required}'")
        if audit_type["level"] not in LEVELS:
            raise FrameworkFileError(
                f"{source}, line {line}: level must be one of {', '.join(sorted(LEVELS))}"
            )
        if audit_type["code"] in seen:
            raise FrameworkFileError(
                f"{source}, line {line}: audit type {audit_type['code']} appears twice"
            )
        seen.add(audit_type["code"])
    return data


def _as_json(value):
    """YAML reads unquoted dates as dates; store them as the ISO text they were written as."""
    if isinstance(value, dict):
        return {str(key): _as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_json(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


@transaction.atomic
def framework_load(*, name_or_path: str) -> LoadResult:
    """Load a framework file. An unchanged file loads nothing; a changed one adds a version."""
    path = resolve_source(name_or_path)
    text = path.read_text(encoding="utf-8")
    definition = _as_json(parse_framework(text, path.name))
    checksum = hashlib.sha256(text.encode()).hexdigest()
    framework, _ = Framework.objects.get_or_create(
        slug=definition["slug"], defaults={"title": definition["title"]}
    )
    if framework.title != definition["title"]:
        framework.title = definition["title"]
        framework.save(update_fields=["title", "updated_at"])
    existing = framework.versions.filter(checksum=checksum).first()
    if existing is not None:
        return LoadResult(version=existing, created=False)
    latest = framework.versions.order_by("-number").first()
    version = FrameworkVersion.objects.create(
        framework=framework,
        number=(latest.number + 1) if latest else 1,
        checksum=checksum,
        source_name=path.name,
        definition=definition,
    )
    return LoadResult(version=version, created=True)
