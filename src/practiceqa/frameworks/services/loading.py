"""Loading framework files from the library or a path into stored versions."""

import datetime
import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from practiceqa.frameworks.models import AuditTemplate, Framework, FrameworkVersion, Question
from practiceqa.frameworks.schema import FrameworkFileError, check_definition

LIBRARY_DIR = Path(__file__).resolve().parent.parent / "library"

__all__ = ["FrameworkFileError", "LoadResult", "framework_load", "parse_framework"]


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
    for required in ("slug", "title", "audit_types"):
        if required not in data:
            raise FrameworkFileError(f"{source}, line 1: '{required}' is missing")
    return check_definition(_as_json(data), root, source)


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
def framework_load(*, name_or_path: str, loaded_by=None) -> LoadResult:
    """Load a framework file. An unchanged file loads nothing; a changed one adds a version
    (with its own copy of every template and question, so old audits keep theirs)."""
    path = resolve_source(name_or_path)
    text = path.read_text(encoding="utf-8")
    definition = parse_framework(text, path.name)
    checksum = hashlib.sha256(text.encode()).hexdigest()
    framework, _ = Framework.objects.get_or_create(
        slug=definition["slug"], defaults={"title": definition["title"]}
    )
    if framework.title != definition["title"]:
        framework.title = definition["title"]
        framework._history_user = loaded_by
        framework.save(update_fields=["title", "updated_at"])
    latest = framework.versions.order_by("-number").first()
    if latest is not None and latest.checksum == checksum:
        return LoadResult(version=latest, created=False)
    version = FrameworkVersion(
        framework=framework,
        number=(latest.number + 1) if latest else 1,
        checksum=checksum,
        source_name=path.name,
        definition=definition,
    )
    version._history_user = loaded_by
    version.save()
    _create_templates(version, definition, loaded_by)
    return LoadResult(version=version, created=True)


def _create_templates(version: FrameworkVersion, definition: dict, loaded_by) -> None:
    history = {"default_user": loaded_by, "default_change_reason": f"Loaded {version}"}
    template_specs = definition.get("templates", [])
    templates = bulk_create_with_history(
        [
            AuditTemplate(
                version=version,
                code=spec["code"],
                title=spec["title"],
                source=spec.get("source", ""),
                definition=spec,
            )
            for spec in template_specs
        ],
        AuditTemplate,
        **history,
    )
    scales = definition.get("answer_scales", {})
    questions = []
    for template, spec in zip(templates, template_specs, strict=True):
        position = 0
        for section in spec["sections"]:
            for question in section["questions"]:
                position += 1
                questions.append(
                    Question(
                        template=template,
                        code=question["code"],
                        position=position,
                        number=question.get("number"),
                        section_code=section["code"],
                        section_title=section["title"],
                        answered_by=section["answered_by"],
                        stage=section.get("stage", ""),
                        text=question["text"],
                        help_text=question.get("help", ""),
                        scale_code=question["scale"],
                        scale=scales[question["scale"]],
                        definition={
                            **question,
                            "narrative": section.get("narrative", ""),
                            "section_help": section.get("help", ""),
                        },
                    )
                )
    bulk_create_with_history(questions, Question, **history)
