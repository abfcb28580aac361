"""The typed framework definition: what the library framework declares, read once."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from practiceqa.frameworks.definition import definition_of
from practiceqa.frameworks.models import FrameworkVersion
from practiceqa.frameworks.services.loading import framework_load


def test_the_library_framework_reads_as_its_appendices(db):
    definition = definition_of(framework_load(name_or_path="coventry-2017").version)
    assert definition.slug == "coventry-2017"
    standards = definition.audit_type("practice_standards_audit")
    assert standards.name == "Practice standards audit"
    assert standards.template_code_for("occupational_therapist") == "practice_standards_therapy"
    assert standards.template_code_for("manager") is None
    assert [t.code for t in definition.audit_types_with_tools] == [
        "supervision_audit",
        "practice_standards_audit",
        "practice_observation",
    ]
    assert not definition.audit_type("health_check").has_tool
    supervision = definition.template("supervision_audit")
    assert supervision.sections[0].questions[1].evidence == "supervision_sessions"
    assert definition.grade_rule_of("supervision_audit").bands[0].label == "Effective"
    assert definition.grade_rule_of("practice_observation").question == "overall_judgement"
    yes_partly_no = definition.scales["yes_partly_no"]
    assert yes_partly_no.option("na").excluded
    assert yes_partly_no.best_score == 2
    rules = {rule.audit_type: rule for rule in definition.plan.rules}
    assert rules["practice_standards_audit"].applies_to.requires == "supervisor"
    assert rules["supervision_audit"].applies_to.supervises
    assert rules["thematic_review"].applies_to is None
    assert [w.quarter for w in rules["thematic_review"].windows] == [1, 2, 3, 4]
    assert definition.plan.min_coverage == 0.5


def test_a_version_is_parsed_once_and_then_read_without_queries(db):
    version_id = framework_load(name_or_path="coventry-2017").version.pk
    first = definition_of(FrameworkVersion.objects.get(pk=version_id))
    again = FrameworkVersion.objects.get(pk=version_id)
    with CaptureQueriesContext(connection) as queries:
        assert definition_of(again) is first
    assert len(queries) == 0


def test_a_version_missing_parts_reads_as_having_none(db):
    definition = definition_of(FrameworkVersion(definition={"audit_types": [{"code": "a"}]}))
    assert definition.audit_type("a").name == "a"
    assert definition.audit_type("b") is None
    assert definition.plan.rules == ()
    assert definition.grade_rule_of("anything") is None
