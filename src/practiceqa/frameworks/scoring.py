"""Overall grades, computed by the rule a framework file declares for each template.

Methods:
- `percentage`: the answers' scores as a percentage of the highest possible scores;
- `mean_score`: the mean of the answers' scores;
- `question`: the label of the answer to one named question.
N/A answers (options marked `excluded`) and unanswered questions count for nothing, and
a score needs at least half of the graded questions answered other than N/A: with fewer,
the grade is "Not enough answers to grade".
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from practiceqa.frameworks.definition import AnswerScale, GradeBand, GradeRule

# (question code, its answer scale, the answer's value)
Answered = tuple[str, AnswerScale, object]


@dataclass(frozen=True)
class Grade:
    label: str
    score: Decimal | None
    counted: int

    @property
    def is_empty(self) -> bool:
        return not self.label


NO_GRADE = Grade(label="", score=None, counted=0)
NOT_ENOUGH_ANSWERS = "Not enough answers to grade"


def _is_graded(scale: AnswerScale) -> bool:
    return scale.kind == "choice" and scale.best_score is not None


def scored_answers(answers: Iterable[Answered]) -> list[tuple[Decimal, Decimal]]:
    """(score, best possible score) of every answered, scoreable, not-excluded question."""
    pairs = []
    for _code, scale, value in answers:
        if scale.kind != "choice" or value in (None, ""):
            continue
        option = scale.option(value)
        if option is None or option.excluded or option.score is None:
            continue
        pairs.append((Decimal(str(option.score)), Decimal(str(scale.best_score))))
    return pairs


def _band(bands: tuple[GradeBand, ...], result: Decimal) -> str:
    for band in bands:
        if result >= Decimal(str(band.min)):
            return band.label
    return bands[-1].label if bands else ""


def overall_grade(rule: GradeRule | None, answers: Iterable[Answered]) -> Grade:
    """The overall grade of answers under a template's declared rule."""
    if not rule:
        return NO_GRADE
    answers = list(answers)
    if rule.method == "question":
        for code, scale, value in answers:
            if code == rule.question and value not in (None, ""):
                option = scale.option(value)
                if option is None or option.excluded:
                    return NO_GRADE
                score = Decimal(str(option.score)) if option.score is not None else None
                return Grade(label=option.label, score=score, counted=1)
        return NO_GRADE
    pairs = scored_answers(answers)
    graded = sum(1 for _code, scale, _value in answers if _is_graded(scale))
    if not pairs and not graded:
        return NO_GRADE
    if len(pairs) * 2 < graded:
        return Grade(label=NOT_ENOUGH_ANSWERS, score=None, counted=len(pairs))
    total = sum(score for score, _ in pairs)
    if rule.method == "percentage":
        best = sum(best for _, best in pairs)
        result = (total * 100 / best).quantize(Decimal("0.1"), ROUND_HALF_UP)
    elif rule.method == "mean_score":
        result = (total / len(pairs)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    else:
        raise ValueError(f"Unknown grading method {rule.method}")
    return Grade(label=_band(rule.bands, result), score=result, counted=len(pairs))
