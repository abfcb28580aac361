"""The overall grade needs enough answers: half of the graded questions, N/A left out."""

from decimal import Decimal

from practiceqa.frameworks.definition import AnswerScale, GradeRule
from practiceqa.frameworks.scoring import NOT_ENOUGH_ANSWERS, overall_grade

SCALES_AS_WRITTEN = {
    "yes_partly_no": {
        "kind": "choice",
        "options": [
            {"value": "yes", "label": "Yes", "score": 2},
            {"value": "partly", "label": "Partly", "score": 1},
            {"value": "no", "label": "No", "score": 0},
            {"value": "na", "label": "N/A", "excluded": True},
        ],
    },
    "text": {"kind": "text"},
}
SCALES = {code: AnswerScale.from_json(code, scale) for code, scale in SCALES_AS_WRITTEN.items()}
RULE = GradeRule.from_json(
    "effectiveness",
    {
        "method": "percentage",
        "bands": [{"min": 85, "label": "Effective"}, {"min": 0, "label": "Not effective"}],
    },
)


def answers(*values):
    """Four graded questions (given values, then unanswered) and a free-text one."""
    graded = [(f"q{n}", SCALES["yes_partly_no"], v) for n, v in enumerate(values)]
    graded += [(f"q{n}", SCALES["yes_partly_no"], None) for n in range(len(values), 4)]
    return [*graded, ("comments", SCALES["text"], "Well kept.")]


def test_half_of_the_graded_questions_answered_gives_a_grade():
    grade = overall_grade(RULE, answers("yes", "yes", "na", "na"))
    assert (grade.label, grade.score) == ("Effective", Decimal("100.0"))


def test_fewer_than_half_answered_other_than_n_a_is_not_graded():
    for values in [("yes", "na", "na", "na"), ("yes",), ("na", "na", "na", "na")]:
        grade = overall_grade(RULE, answers(*values))
        assert (grade.label, grade.score) == (NOT_ENOUGH_ANSWERS, None), values
    assert NOT_ENOUGH_ANSWERS == "Not enough answers to grade"


def test_a_mean_score_needs_enough_answers_too():
    rule = GradeRule.from_json(
        "practice", {"method": "mean_score", "bands": [{"min": 0, "label": "Inadequate"}]}
    )
    assert overall_grade(rule, answers("no")).label == NOT_ENOUGH_ANSWERS
    assert overall_grade(rule, answers("no", "no")).label == "Inadequate"
