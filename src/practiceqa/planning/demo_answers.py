"""The demo's answers to an audit's questions: what a party would write, by the kind of
question (so that any template the framework declares can be answered), the quality of the
practice audited setting the spread of grades."""

import datetime
import random

from practiceqa.audits.answers import needs_comment, needs_narrative, takes_narrative
from practiceqa.audits.services.answering import answers_of
from practiceqa.audits.workflow import questions_to_complete, takes_evidence
from practiceqa.core.services import display_name
from practiceqa.planning import demo_texts as texts

# The chance, by quality, of each graded option from the best to the worst.
WEIGHTS = {
    "high": (5, 4, 1, 0),
    "middle": (1, 6, 3, 0),
    "low": (0, 2, 6, 2),
}


def quality_of(rng: random.Random) -> str:
    return rng.choices(["high", "middle", "low"], weights=(3, 6, 2))[0]


def _choice(question, quality: str, rng: random.Random) -> str:
    options = list(question.options)
    graded = [o for o in options if o.score is not None and not o.excluded]
    if not graded:
        return rng.choice([o for o in options if not o.excluded] or options).value
    if rng.random() < 0.05 and any(o.excluded for o in options):
        return next(o for o in options if o.excluded).value
    graded.sort(key=lambda o: -o.score)
    weights = list(WEIGHTS[quality]) + [0] * len(graded)
    if len(graded) < 4:  # a shorter scale (Yes / Partly / No): fold the worst grades in
        weights = [weights[0] + weights[1], weights[2], weights[3]][: len(graded)]
    return rng.choices(graded, weights=weights[: len(graded)])[0].value


def _text(question, quality: str, rng: random.Random) -> str:
    code = question.code
    if code in texts.OBSERVATION:
        return rng.choice(texts.OBSERVATION[code])
    if question.raises_actions:
        if quality == "high" and rng.random() < 0.6:
            return ""
        bank = (
            texts.SUPERVISION_ACTIONS
            if code == "actions"
            else texts.OBSERVATION_ACTION_PLAN
            if code == "action_plan"
            else texts.ACTION_PLAN
        )
        return rng.choice(bank)
    if "good" in question.text.lower():
        return rng.choice(texts.GOOD_ABOUT_CASE)
    if "comment" in question.text.lower():
        return rng.choice(texts.SUPERVISION_GENERAL)
    return rng.choice(texts.GENERIC_TEXT)


def _value(question, *, quality: str, rng: random.Random, day: datetime.date, signer):
    kind = question.kind
    if kind == "choice":
        return _choice(question, quality, rng)
    if kind == "multi":
        return [question.options[0].value]
    if kind == "number":
        return {"high": 8, "middle": 6, "low": 4}[quality]
    if kind == "date":
        return day.isoformat()
    if kind == "confirm":
        return True
    if kind == "signature":
        return {"name": display_name(signer), "signed_on": day.isoformat()}
    return _text(question, quality, rng)


def answer_turn(audit, *, user, quality: str, rng: random.Random, day: datetime.date) -> dict:
    """The changes with which the party whose turn it is completes their part: every
    question of theirs now, with the comments and narratives their answers need. The
    person's own feedback (an observation) is recorded only with their consent."""
    answers = answers_of(audit)
    mine = {q.pk for q in questions_to_complete(audit, [a.question for a in answers])}
    feedback = rng.random() < 0.75
    changes: dict[int, dict] = {}
    for answer in answers:
        question = answer.question
        if question.pk not in mine:
            continue
        if not feedback and (question.requires or question.kind == "confirm"):
            continue
        value = _value(question, quality=quality, rng=rng, day=day, signer=user)
        if value in ("", None):
            continue
        fields = {"value": value}
        if needs_comment(question, value):
            fields["comment"] = rng.choice(
                texts.SUPERVISION_COMMENT.get(value, texts.SUPERVISION_COMMENT["partly"])
            )
        if takes_narrative(question) and needs_narrative(question, value):
            fields["narrative"] = rng.choice(texts.NARRATIVE[quality])
        changes[answer.pk] = fields
    return changes


def subject_evidence(audit, *, rng: random.Random) -> dict:
    """The subject's evidence beside two or three of the auditor's questions."""
    answers = [a for a in answers_of(audit) if takes_evidence(audit, a.question)]
    chosen = rng.sample(answers, min(len(answers), rng.randint(2, 3)))
    return {a.pk: {"subject_evidence": rng.choice(texts.EVIDENCE)} for a in chosen}
