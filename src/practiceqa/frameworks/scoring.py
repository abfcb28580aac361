"""Overall grades, computed by the rule a framework file declares for each template.

Methods:
- `percentage`: the answers' scores as a percentage of the highest possible scores;
- `mean_score`: the mean of the answers' scores;
- `question`: the label of the answer to one named question.
N/A answers (options marked `excluded`) and unanswered questions count for nothing, and
a score needs at least half of the graded questions answered other than N/A: with fewer,
the grade is "Not enough answers to grade".
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


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


def _option(scale: dict, value) -> dict | None:
    for option in scale.get("options", []):
        if option["value"] == value:
            return option
    return None


def _is_graded(question: dict, scales: dict) -> bool:
    scale = scales.get(question["scale"], {})
    return scale.get("kind") == "choice" and any(
        "score" in o and not o.get("excluded") for o in scale.get("options", [])
    )


def scored_answers(questions_and_values, scales: dict) -> list[tuple[Decimal, Decimal]]:
    """(score, best possible score) of every answered, scoreable, not-excluded question."""
    pairs = []
    for question, value in questions_and_values:
        scale = scales.get(question["scale"], {})
        if scale.get("kind") != "choice" or value in (None, ""):
            continue
        option = _option(scale, value)
        if option is None or option.get("excluded") or "score" not in option:
            continue
        best = max(o["score"] for o in scale["options"] if "score" in o and not o.get("excluded"))
        pairs.append((Decimal(str(option["score"])), Decimal(str(best))))
    return pairs


def _band(bands: list[dict], result: Decimal) -> str:
    for band in bands:
        if result >= Decimal(str(band["min"])):
            return band["label"]
    return bands[-1]["label"] if bands else ""


def overall_grade(rule: dict | None, questions_and_values, scales: dict) -> Grade:
    """The overall grade of answers under a template's declared rule."""
    if not rule:
        return NO_GRADE
    answers = list(questions_and_values)
    method = rule["method"]
    if method == "question":
        for question, value in answers:
            if question["code"] == rule["question"] and value not in (None, ""):
                option = _option(scales.get(question["scale"], {}), value)
                if option is None or option.get("excluded"):
                    return NO_GRADE
                score = Decimal(str(option["score"])) if "score" in option else None
                return Grade(label=option["label"], score=score, counted=1)
        return NO_GRADE
    pairs = scored_answers(answers, scales)
    graded = sum(1 for question, _ in answers if _is_graded(question, scales))
    if not pairs and not graded:
        return NO_GRADE
    if len(pairs) * 2 < graded:
        return Grade(label=NOT_ENOUGH_ANSWERS, score=None, counted=len(pairs))
    total = sum(score for score, _ in pairs)
    if method == "percentage":
        best = sum(best for _, best in pairs)
        result = (total * 100 / best).quantize(Decimal("0.1"), ROUND_HALF_UP)
    elif method == "mean_score":
        result = (total / len(pairs)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    else:
        raise ValueError(f"Unknown grading method {method}")
    return Grade(label=_band(rule["bands"], result), score=result, counted=len(pairs))
