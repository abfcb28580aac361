"""The schema of framework files, checked with the line number of every problem.

A framework file declares answer scales, overall grade rules, templates (sections and
questions), audit types and the annual plan rules. `check_definition` raises
`FrameworkFileError` naming the file, the line and the problem.
"""

import re

import yaml

from practiceqa.core.services import Refusal
from practiceqa.frameworks.schema_surveys import check_focus_groups, check_surveys

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
CODE = re.compile(r"^[a-z][a-z0-9_]*$")
MONTH_DAY = re.compile(r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
SCALE_KINDS = {"choice", "multi", "number", "text", "date", "confirm", "signature"}
GRADE_METHODS = {"percentage", "mean_score", "question"}
ANSWERED_BY = {"auditor", "subject"}
STAGES = {"before", "observation", "after", "reflection"}
LEVELS = {"practitioner", "organisational"}
LEADS = {"supervisor", "line_manager", "principal_social_worker"}


class FrameworkFileError(Refusal):
    """A framework file that cannot be loaded; the message names the file and line."""


class _Checker:
    def __init__(self, root: yaml.Node, source: str):
        self.root = root
        self.source = source

    def node_at(self, path: tuple) -> yaml.Node:
        node = self.root
        for step in path:
            if isinstance(node, yaml.MappingNode):
                found = next((value for key, value in node.value if key.value == step), None)
                if found is None:
                    return node
                node = found
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                if step >= len(node.value):
                    return node
                node = node.value[step]
            else:
                return node
        return node

    def fail(self, path: tuple, message: str):
        line = self.node_at(path).start_mark.line + 1
        where = f" (at {'.'.join(str(step) for step in path)})" if path else ""
        raise FrameworkFileError(f"{self.source}, line {line}: {message}{where}")

    def mapping(self, value, path: tuple) -> dict:
        if not isinstance(value, dict):
            self.fail(path, "must be a mapping of names to values")
        return value

    def listing(self, value, path: tuple, *, empty_ok: bool = False) -> list:
        if not isinstance(value, list) or (not value and not empty_ok):
            self.fail(path, "must be a list" + ("" if empty_ok else " with at least one entry"))
        return value

    def text(self, data: dict, key: str, path: tuple, *, required: bool = True) -> str | None:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(path, f"'{key}' is missing")
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail((*path, key), "must be text")
        return value

    def code(self, data: dict, key: str, path: tuple) -> str:
        value = self.text(data, key, path)
        if not CODE.match(value):
            self.fail((*path, key), f"'{value}' must be lower case letters, digits and _")
        return value


def check_definition(data, root: yaml.Node, source: str) -> dict:
    c = _Checker(root, source)
    c.mapping(data, ())
    slug = c.text(data, "slug", ())
    if not SLUG.match(slug):
        c.fail(("slug",), f"'{slug}' must be lower case letters, digits and hyphens")
    c.text(data, "title", ())

    scales = c.mapping(data.get("answer_scales", {}), ("answer_scales",))
    for name, scale in scales.items():
        path = ("answer_scales", name)
        c.mapping(scale, path)
        if scale.get("kind") not in SCALE_KINDS:
            c.fail((*path, "kind"), f"kind must be one of {', '.join(sorted(SCALE_KINDS))}")
        if scale["kind"] in {"choice", "multi"}:
            values = set()
            for index, option in enumerate(c.listing(scale.get("options"), (*path, "options"))):
                opath = (*path, "options", index)
                c.mapping(option, opath)
                value = option.get("value")
                if not isinstance(value, str) or not value:
                    c.fail(opath, "an option needs a text 'value' (quote yes and no)")
                c.text(option, "label", opath)
                if value in values:
                    c.fail(opath, f"option '{value}' appears twice")
                values.add(value)
                if "score" in option and not isinstance(option["score"], int | float):
                    c.fail((*opath, "score"), "score must be a number")
        if scale["kind"] == "number":
            low, high = scale.get("min"), scale.get("max")
            if not isinstance(low, int) or not isinstance(high, int) or low >= high:
                c.fail(path, "a number scale needs whole numbers min < max")

    grades = c.mapping(data.get("overall_grades", {}), ("overall_grades",))
    for name, rule in grades.items():
        path = ("overall_grades", name)
        c.mapping(rule, path)
        if rule.get("method") not in GRADE_METHODS:
            c.fail(path, f"method must be one of {', '.join(sorted(GRADE_METHODS))}")
        if rule["method"] == "question":
            c.text(rule, "question", path)
        else:
            for index, band in enumerate(c.listing(rule.get("bands"), (*path, "bands"))):
                if not isinstance(band, dict) or not isinstance(band.get("min"), int | float):
                    c.fail((*path, "bands", index), "a band needs a number 'min' and a 'label'")
                c.text(band, "label", (*path, "bands", index))

    template_codes = set()
    for t_index, template in enumerate(
        c.listing(data.get("templates", []), ("templates",), empty_ok=True)
    ):
        tpath = ("templates", t_index)
        c.mapping(template, tpath)
        code = c.code(template, "code", tpath)
        if code in template_codes:
            c.fail((*tpath, "code"), f"template {code} appears twice")
        template_codes.add(code)
        c.text(template, "title", tpath)
        question_codes: dict[str, dict] = {}
        for s_index, section in enumerate(
            c.listing(template.get("sections"), (*tpath, "sections"))
        ):
            spath = (*tpath, "sections", s_index)
            c.mapping(section, spath)
            c.code(section, "code", spath)
            c.text(section, "title", spath)
            if section.get("answered_by") not in ANSWERED_BY:
                c.fail(spath, "answered_by must be auditor or subject")
            if "stage" in section and section["stage"] not in STAGES:
                c.fail((*spath, "stage"), f"stage must be one of {', '.join(sorted(STAGES))}")
            for q_index, question in enumerate(
                c.listing(section.get("questions"), (*spath, "questions"))
            ):
                qpath = (*spath, "questions", q_index)
                c.mapping(question, qpath)
                qcode = c.code(question, "code", qpath)
                if qcode in question_codes:
                    c.fail(qpath, f"question {qcode} appears twice in template {code}")
                question_codes[qcode] = question
                c.text(question, "text", qpath)
                scale = question.get("scale")
                if scale not in scales:
                    c.fail(qpath, f"scale '{scale}' is not one of the answer_scales")
                options = {o["value"] for o in scales[scale].get("options", [])}
                for value in question.get("comment_required_for", []):
                    if value not in options:
                        c.fail(
                            (*qpath, "comment_required_for"),
                            f"'{value}' is not an option of scale {scale}",
                        )
        for qcode, question in question_codes.items():
            for needed in question.get("requires", []):
                if needed not in question_codes:
                    c.fail(tpath, f"question {qcode} requires unknown question {needed}")
        rule_name = template.get("overall_grade")
        if rule_name is not None:
            if rule_name not in grades:
                c.fail((*tpath, "overall_grade"), f"'{rule_name}' is not one of overall_grades")
            rule = grades[rule_name]
            if rule["method"] == "question" and rule["question"] not in question_codes:
                c.fail(
                    (*tpath, "overall_grade"),
                    f"grade rule {rule_name} uses question {rule['question']}, "
                    f"which template {code} does not have",
                )

    type_codes = set()
    for index, audit_type in enumerate(c.listing(data.get("audit_types"), ("audit_types",))):
        path = ("audit_types", index)
        c.mapping(audit_type, path)
        code = c.code(audit_type, "code", path)
        if code in type_codes:
            c.fail((*path, "code"), f"audit type {code} appears twice")
        type_codes.add(code)
        c.text(audit_type, "name", path)
        c.text(audit_type, "lead", path)
        if audit_type.get("level") not in LEVELS:
            c.fail(path, f"level must be one of {', '.join(sorted(LEVELS))}")
        for template_code in audit_type.get("templates", []):
            if template_code not in template_codes:
                c.fail((*path, "templates"), f"template {template_code} is not defined")
        for profession, template_code in audit_type.get("template_by_profession", {}).items():
            if template_code not in audit_type.get("templates", []):
                c.fail(
                    (*path, "template_by_profession"),
                    f"{profession}: {template_code} is not one of this type's templates",
                )

    plan = data.get("plan")
    if plan is not None:
        c.mapping(plan, ("plan",))
        coverage = plan.get("min_coverage", 0.5)
        if not isinstance(coverage, int | float) or not 0 < coverage <= 1:
            c.fail(("plan", "min_coverage"), "min_coverage must be a number above 0, at most 1")
        for index, rule in enumerate(c.listing(plan.get("rules"), ("plan", "rules"))):
            path = ("plan", "rules", index)
            c.mapping(rule, path)
            if rule.get("audit_type") not in type_codes:
                c.fail(path, f"audit_type '{rule.get('audit_type')}' is not declared")
            if rule.get("lead") not in LEADS:
                c.fail(path, f"lead must be one of {', '.join(sorted(LEADS))}")
            for w_index, window in enumerate(c.listing(rule.get("windows"), (*path, "windows"))):
                wpath = (*path, "windows", w_index)
                c.mapping(window, wpath)
                if "quarter" in window:
                    if window["quarter"] not in (1, 2, 3, 4):
                        c.fail(wpath, "quarter must be 1, 2, 3 or 4 (financial quarters)")
                elif not all(MONTH_DAY.match(str(window.get(k, ""))) for k in ("from", "to")):
                    c.fail(wpath, "a window needs 'from' and 'to' as \"MM-DD\", or a 'quarter'")
    check_surveys(c, data, scales, SLUG, type_codes)
    check_focus_groups(c, data, type_codes)
    return data
