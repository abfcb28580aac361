"""The demo council's annual health checks (a part of the demo's past, `planning.demo`).

Last year's, worked through in Quarter 4: the PSW opens the staff survey in January and
most staff answer it (enough in some services and professions for their figures to be
shown, too few in others, which the results show as not shown); three focus groups in
February with notes; the organisational intelligence; every area rated in March, two
improvement actions raised, and the self-assessment endorsed, which completes last year's
`health_check` plan item. This year's survey is open, with some answers in.

All through the services, on the day it happened, from the demo's seed.
"""

import datetime
import random
from decimal import Decimal

from practiceqa.core.services import Actor
from practiceqa.frameworks.definition import definition_of
from practiceqa.healthcheck import demo_texts as texts
from practiceqa.healthcheck.models_intelligence import Area, Measure
from practiceqa.healthcheck.services import focus_group_record
from practiceqa.healthcheck.services_intelligence import intelligence_add
from practiceqa.healthcheck.services_selfassessment import (
    area_assess,
    self_assessment_endorse,
    self_assessment_raise_action,
)
from practiceqa.org.models import Role, StaffMember
from practiceqa.planning.demo import DemoPart, register_part
from practiceqa.surveys.models import Participation, Survey
from practiceqa.surveys.services.answering import survey_answer
from practiceqa.surveys.services.opening import framework_version_for_surveys, survey_open

SURVEY = "health-check"
# Of those invited, how many answer: last year's survey, and this year's so far.
ANSWERING = {"last": 0.9, "this": 0.35}
# How likely a respondent is to say which service they work in: high in most, low in the
# specialist services, so that their figures are not shown (fewer than 10 responses).
SAYS_SERVICE = 0.95
SAYS_SPECIALIST_SERVICE = 0.4
SAYS_PROFESSION = 0.85
# How favourably each area is seen (the chance of "agree" or better), last year and this.
MOOD = {
    "workload": (0.35, 0.45),
    "workflow": (0.55, 0.6),
    "tools": (0.6, 0.55),
    "healthy_workplace": (0.7, 0.75),
    "service_delivery": (0.75, 0.8),
}


def _psw():
    return (
        StaffMember.objects.filter(role=Role.PRINCIPAL_SOCIAL_WORKER)
        .select_related("user")
        .order_by("staff_id")
        .first()
    )


def schedule(timeline, *, last_year: int, this_year: int, seed: int) -> None:
    psw = _psw()
    if psw is None or framework_version_for_surveys() is None:
        return
    rng = random.Random(f"{seed}:health-check")
    q4 = datetime.date(last_year + 1, 1, 1)
    opens = q4 + datetime.timedelta(days=rng.randint(4, 8))
    closes = opens + datetime.timedelta(days=27)
    timeline.add(opens, 9, _open_survey, timeline, psw.pk, last_year, opens, closes, "last", rng)
    for n, day in enumerate((3, 10, 17)):
        held = closes + datetime.timedelta(days=day)
        timeline.add(held, 15, _focus_group, timeline, psw.pk, held, n, rng)
    figures_on = datetime.date(last_year + 1, 2, 28)
    timeline.add(figures_on + datetime.timedelta(days=2), 11, _intelligence, psw.pk, last_year, rng)
    rated = datetime.date(last_year + 1, 3, 10)
    timeline.add(rated, 10, _rate_and_endorse, timeline, psw.pk, last_year, rated, rng)

    # This year's: open for the last fortnight (or from the start of Quarter 4).
    today = timeline.today
    start = max(today - datetime.timedelta(days=14), datetime.date(this_year, 4, 1))
    if datetime.date(this_year + 1, 1, 1) <= today:
        start = min(start, datetime.date(this_year + 1, 1, 5))
    end = max(start + datetime.timedelta(days=27), today + datetime.timedelta(days=14))
    timeline.add(start, 9, _open_survey, timeline, psw.pk, this_year, start, end, "this", rng)


def _actor(pk: int) -> Actor:
    return Actor.of(StaffMember.objects.select_related("user").get(pk=pk).user)


def _open_survey(timeline, psw_pk, year, opens, closes, which, rng) -> None:
    survey = survey_open(
        actor=_actor(psw_pk), code=SURVEY, year=year, closes_on=closes, today=opens
    )
    timeline.counts["surveys opened"] += 1
    services = [value for value, _ in survey.about_you_options.get("service", [])]
    people = list(
        Participation.objects.filter(survey=survey)
        .select_related("staff__team__service")
        .order_by("staff__staff_id")
    )
    last_day = min(closes, timeline.today - datetime.timedelta(days=1))
    days = (last_day - opens).days
    for participation in people:
        if rng.random() >= ANSWERING[which] or days < 0:
            continue
        day = opens + datetime.timedelta(days=rng.randint(0, days))
        staff = participation.staff
        service = str(staff.team.service_id) if staff.team_id else ""
        specialist = staff.team_id and "Specialist" in staff.team.service.name
        says_service = SAYS_SPECIALIST_SERVICE if specialist else SAYS_SERVICE
        about_you = {
            "service": service if service in services and rng.random() < says_service else "",
            "profession": staff.profession if rng.random() < SAYS_PROFESSION else "",
        }
        timeline.add(
            day, 12, _answer, timeline, survey.pk, staff.pk, about_you, which, rng.random()
        )


def _answer(timeline, survey_pk, staff_pk, about_you, which, draw) -> None:
    survey = Survey.objects.select_related("framework_version").get(pk=survey_pk)
    rng = random.Random(draw)
    survey_answer(
        survey=survey,
        staff=StaffMember.objects.get(pk=staff_pk),
        answers=_answers(survey, which, rng),
        about_you={k: v for k, v in about_you.items() if v in _allowed(survey, k)},
    )
    timeline.counts["survey answers"] += 1


def _allowed(survey, code: str) -> set[str]:
    return {value for value, _ in survey.about_you_options.get(code, [])}


def _answers(survey, which: str, rng: random.Random) -> dict:
    scales = definition_of(survey.framework_version).scales
    answers = {}
    for section in survey.spec.sections:
        mood = MOOD.get(section.code, (0.6, 0.6))[0 if which == "last" else 1]
        for question in section.questions:
            scale = scales[question.scale]
            values = [o.value for o in scale.options]
            if scale.kind == "number":
                answers[question.code] = str(rng.randint(max(scale.min, 5), scale.max))
            elif scale.kind == "multi":
                some = [v for v in values if v != "none"]
                answers[question.code] = (
                    ["none"] if rng.random() < 0.1 else rng.sample(some, rng.randint(1, 3))
                )
            elif values == ["strongly_agree", "agree", "neither", "disagree", "strongly_disagree"]:
                r = rng.random()
                if r < mood:
                    answers[question.code] = "strongly_agree" if r < mood / 3 else "agree"
                else:
                    answers[question.code] = rng.choice(values[2:])
            else:
                answers[question.code] = values[0] if rng.random() < 0.7 else values[-1]
    return answers


def _focus_group(timeline, psw_pk, held, n, rng) -> None:
    version = framework_version_for_surveys()
    guide = definition_of(version).focus_group(SURVEY)
    keys = list(guide.note_keys)
    notes = {key: rng.choice(texts.NOTES) for key in rng.sample(keys, min(len(keys), 14))}
    for area in guide.discussion_areas:
        notes[area.key] = rng.choice(texts.DISCUSSION_NOTES.get(area.code, texts.NOTES))
    focus_group_record(
        actor=_actor(psw_pk),
        held_on=held,
        facilitator=texts.FACILITATORS[n % len(texts.FACILITATORS)],
        attendees={
            "social_workers": rng.randint(3, 7),
            "occupational_therapists": rng.randint(0, 3),
            "social_care_professionals": rng.randint(1, 3),
            "other_attendees": rng.randint(0, 1),
        },
        notes=notes,
        today=held,
    )
    timeline.counts["focus groups"] += 1


def _intelligence(psw_pk, year, rng) -> None:
    actor = _actor(psw_pk)
    as_of = datetime.date(year + 1, 2, 28)
    for area, measure, low, high in (
        (Area.WORKLOAD, Measure.VACANCY, 8, 16),
        (Area.WORKLOAD, Measure.AGENCY, 4, 12),
        (Area.HEALTHY_WORKPLACE, Measure.SICKNESS, 7, 13),
        (Area.HEALTHY_WORKPLACE, Measure.TURNOVER, 9, 18),
        (Area.SERVICE_DELIVERY, Measure.AGENCY, 4, 12),
    ):
        intelligence_add(
            actor=actor,
            year=year,
            area=area,
            measure=measure,
            value=Decimal(rng.randint(low * 10, high * 10)) / 10,
            source=texts.SOURCES[measure],
            as_of=as_of,
        )


def _rate_and_endorse(timeline, psw_pk, year, rated, rng) -> None:
    actor = _actor(psw_pk)
    for area, _ in Area.choices:
        rating, strengths, improvements = texts.ASSESSMENTS[area]
        area_assess(
            actor=actor,
            year=year,
            area=area,
            rating=rating,
            strengths=strengths,
            improvements=improvements,
        )
    heads = StaffMember.objects.filter(role=Role.HEAD_OF_SERVICE).order_by("staff_id")
    for (area, description), head in zip(texts.IMPROVEMENT_ACTIONS, heads, strict=False):
        if head.in_post_on(rated):
            self_assessment_raise_action(
                actor=actor,
                year=year,
                area=area,
                owner=head,
                description=description,
                due_on=rated + datetime.timedelta(days=rng.randint(60, 120)),
            )
            timeline.counts["actions raised"] += 1
    endorsed = rated + datetime.timedelta(days=rng.randint(7, 14))
    timeline.add(endorsed, 16, _endorse, timeline, psw_pk, year, endorsed)


def _endorse(timeline, psw_pk, year, day) -> None:
    self_assessment_endorse(actor=_actor(psw_pk), year=year, on=day)
    timeline.counts["health checks endorsed"] += 1


register_part(DemoPart(schedule=schedule, audit_types=frozenset({"health_check"})))
