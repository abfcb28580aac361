"""Loading framework files from the library or a path into stored versions."""

import datetime
import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from practiceqa.frameworks.definition import definition_of
from practiceqa.frameworks.models import AuditTemplate, Framework, FrameworkVersion, Question
from practiceqa.frameworks.schema import FrameworkFileError, check_definition

LIBRARY_DIR = Path(__file__).resolve().parent.parent / "library"
# YAML aliases repeat what they name: a few lines can stand for billions of values
# ("billion laughs"). The library's largest file has about 1,500; refuse far more.
MAX_VALUES = 100_000

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
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is not None:
            _check_expanded_size(root, source)
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise FrameworkFileError(
            f"{source}, line {line}: {getattr(error, 'problem', error)}"
        ) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict) or root is None:
        raise FrameworkFileError(f"{source}, line 1: a framework file must be a mapping")
    for required in ("slug", "title", "audit_types"):
        if required not in data:
            raise FrameworkFileError(f"{source}, line 1: '{required}' is missing")
    return check_definition(_as_json(data), root, source)


def _check_expanded_size(root: yaml.Node, source: str) -> None:
    """Refuse a file whose aliases expand to more than MAX_VALUES values, counting each
    node once however often it is named (so the check itself is quick)."""
    sizes: dict[int, int] = {}
    order: list[yaml.Node] = []
    stack = [root]
    while stack:  # children before parents, each node once
        node = stack.pop()
        if id(node) in sizes:
            continue
        sizes[id(node)] = 0
        order.append(node)
        stack.extend(_children(node))
    for node in reversed(order):
        size = 1 + sum(sizes[id(child)] for child in _children(node))
        if size > MAX_VALUES:
            raise FrameworkFileError(
                f"{source}, line {node.start_mark.line + 1}: its aliases expand to more than "
                f"{MAX_VALUES:,} values; a framework file is never that large, so it is refused"
            )
        sizes[id(node)] = size


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return node.value
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


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
    """Each template and question gets its own row, with a copy of its part of the JSON."""
    history = {"default_user": loaded_by, "default_change_reason": f"Loaded {version}"}
    typed = definition_of(version)
    raw_templates = definition.get("templates", [])
    templates = bulk_create_with_history(
        [
            AuditTemplate(
                version=version,
                code=spec.code,
                title=spec.title,
                source=spec.source,
                definition=raw,
            )
            for spec, raw in zip(typed.templates, raw_templates, strict=True)
        ],
        AuditTemplate,
        **history,
    )
    raw_scales = definition.get("answer_scales", {})
    questions = []
    for template, spec, raw in zip(templates, typed.templates, raw_templates, strict=True):
        position = 0
        for section, raw_section in zip(spec.sections, raw["sections"], strict=True):
            for question, raw_question in zip(
                section.questions, raw_section["questions"], strict=True
            ):
                position += 1
                questions.append(
                    Question(
                        template=template,
                        code=question.code,
                        position=position,
                        number=question.number,
                        section_code=section.code,
                        section_title=section.title,
                        answered_by=section.answered_by,
                        stage=section.stage,
                        text=question.text,
                        help_text=question.help,
                        scale_code=question.scale,
                        scale=raw_scales[question.scale],
                        definition={
                            **raw_question,
                            "narrative": section.narrative,
                            "section_help": section.help,
                        },
                    )
                )
    bulk_create_with_history(questions, Question, **history)
