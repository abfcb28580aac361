"""The report pages' data for the pages benchmark: caseload snapshots, the health check's
staff survey, focus groups and organisational intelligence, at the largest council.

Written once, after the council's first year, so the one-year and ten-year councils hold
the same reports (the cached councils include them):
- two caseload snapshots (last March and last month) of about 50,000 cases each over the
  council's practitioners, through the caseload import;
- the health check's survey of last year and of this year, each closed with about 1,500
  answers, through the survey services (opening, answering);
- three focus groups, the organisational intelligence and last year's ratings, through the
  health check's services.
"""

import datetime
import random
from decimal import Decimal

from django.db import connection
from django.urls import reverse

from benchmarks.caseload_export import MAPPING, case, export
from practiceqa.caseloads.imports import CaseloadImporter, mapping_from_yaml
from practiceqa.caseloads.models import Snapshot
from practiceqa.core.imports.services import import_run
from practiceqa.core.services import Actor
from practiceqa.frameworks.definition import definition_of
from practiceqa.healthcheck.models_intelligence import Area, Measure
from practiceqa.healthcheck.services import focus_group_record
from practiceqa.healthcheck.services_intelligence import intelligence_add
from practiceqa.healthcheck.services_selfassessment import area_assess
from practiceqa.org.models import Role, StaffMember
from practiceqa.surveys.models import Participation, Survey
from practiceqa.surveys.services.answering import survey_answer
from practiceqa.surveys.services.opening import survey_open

CASES = 50_000
ANSWERS = 1_500
SURVEY = "health-check"


def _export(as_of: datetime.date, workers: list[tuple[str, str]], rng: random.Random) -> bytes:
    """About CASES cases: most open and allocated (unevenly: some practitioners hold many),
    some unallocated, some closed; a complexity weight and a review date on each."""
    rows = []
    for n in range(CASES):
        opened = as_of - datetime.timedelta(days=rng.randint(1, 900))
        # A fifth of the cases go to a tenth of the practitioners: some hold many.
        heavy = rng.random() < 0.2
        staff_id, team = workers[rng.randrange(len(workers) // 10) if heavy else n % len(workers)]
        if rng.random() < 0.05:
            staff_id = ""
        rows.append(
            case(  # the random numbers drawn in the order of the export's columns
                n,
                staff_id,
                closed=rng.random() < 0.1,
                opened=opened,
                allocated=opened + datetime.timedelta(days=rng.randint(0, 20))
                if staff_id
                else None,
                team=team,
                weight=rng.randint(1, 5),
                review=opened + datetime.timedelta(days=rng.randint(90, 1000)),
            )
        )
    return export(rows)


def _snapshots(today: datetime.date, year: int, rng: random.Random) -> None:
    mapping = mapping_from_yaml(MAPPING)
    last_month = today.replace(day=1) - datetime.timedelta(days=1)
    for as_of in (datetime.date(year, 3, 31), last_month):
        workers = list(
            StaffMember.objects.in_post(as_of)
            .filter(role=Role.PRACTITIONER)
            .order_by("staff_id")
            .values_list("staff_id", "team__name")
        )
        rng.shuffle(workers)
        importer = CaseloadImporter(options={"as_of": as_of.isoformat(), "mapping": mapping})
        content = _export(as_of, workers, rng)
        import_run(importer=importer, content=content, filename=f"cases-{as_of}.csv")


def _answers(survey: Survey, mood: float, rng: random.Random) -> dict:
    scales = definition_of(survey.framework_version).scales
    answers = {}
    for question in survey.spec.questions:
        scale = scales[question.scale]
        values = [o.value for o in scale.options]
        if scale.kind == "number":
            answers[question.code] = str(rng.randint(scale.min, scale.max))
        elif scale.kind == "multi":
            answers[question.code] = rng.sample(values, rng.randint(1, min(3, len(values))))
            if "none" in answers[question.code] and len(answers[question.code]) > 1:
                answers[question.code].remove("none")
        else:
            favourable = [o.value for o in scale.options if o.favourable]
            if favourable and rng.random() < mood:
                answers[question.code] = rng.choice(favourable)
            else:
                answers[question.code] = rng.choice(values)
    return answers


def _survey(actor: Actor, year: int, opens: datetime.date, mood: float, rng) -> None:
    """A year's survey opened, answered by ANSWERS of those invited (some saying their
    service and profession, fewer in a few services, so that some groups are not shown),
    and closed by its closing date."""
    closes = opens + datetime.timedelta(days=27)
    survey = survey_open(actor=actor, code=SURVEY, year=year, closes_on=closes, today=opens)
    services = [value for value, _ in survey.about_you_options.get("service", [])]
    shy = set(services[-2:])
    invited = list(
        Participation.objects.filter(survey=survey)
        .select_related("staff__team")
        .order_by("staff__staff_id")
    )
    for participation in rng.sample(invited, min(ANSWERS, len(invited))):
        staff = participation.staff
        service = str(staff.team.service_id) if staff.team_id else ""
        says = 0.3 if service in shy else 0.95
        about_you = {
            "service": service if service in services and rng.random() < says else "",
            "profession": staff.profession if rng.random() < 0.85 else "",
        }
        allowed = {
            code: {value for value, _ in options}
            for code, options in survey.about_you_options.items()
        }
        # Real service writes, one answer at a time, as people answer (not a bulk
        # equivalent): the answers' anonymity (the shuffle and the rewrite of every row)
        # is the service's, and the results pages read what it wrote.
        survey_answer(
            survey=survey,
            staff=staff,
            answers=_answers(survey, mood, rng),
            about_you={k: v for k, v in about_you.items() if v in allowed.get(k, ())},
            today=opens + datetime.timedelta(days=rng.randint(0, 27)),
        )
        _vacuumed("surveys_response")


def _vacuumed(table: str) -> None:
    """On PostgreSQL, the table's dead rows cleared away, as autovacuum would between
    answers that come over weeks. Each answer rewrites every response row of its survey
    (surveys.services.answering), leaving as many dead rows behind; 1,500 answers in a
    minute, with no vacuum in between (this machine's server runs without autovacuum, and
    autovacuum would not keep up with that either), leave over a million, and every later
    answer reads through them: set-up took hours. Vacuumed after each answer, the
    1,500 answers take about 40 seconds (vacuumed every third, about 60)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM {table}")


def _health_check(actor: Actor, year: int, rng: random.Random) -> None:
    from practiceqa.surveys.services.opening import framework_version_for_surveys

    guide = definition_of(framework_version_for_surveys()).focus_group(SURVEY)
    for n, held in enumerate((datetime.date(year, 2, 10), datetime.date(year, 2, 24))):
        notes = {key: f"Note {n}.{i}: workload discussed" for i, key in enumerate(guide.note_keys)}
        focus_group_record(
            actor=actor,
            held_on=held,
            facilitator=f"Facilitator {n + 1}",
            attendees={
                "social_workers": rng.randint(3, 7),
                "occupational_therapists": rng.randint(0, 3),
                "social_care_professionals": rng.randint(1, 3),
                "other_attendees": rng.randint(0, 1),
            },
            notes=notes,
            today=held,
        )
    for fy in (year - 1, year):
        for area, measure in (
            (Area.WORKLOAD, Measure.VACANCY),
            (Area.WORKLOAD, Measure.AGENCY),
            (Area.HEALTHY_WORKPLACE, Measure.SICKNESS),
            (Area.HEALTHY_WORKPLACE, Measure.TURNOVER),
            (Area.SERVICE_DELIVERY, Measure.AGENCY),
        ):
            intelligence_add(
                actor=actor,
                year=fy,
                area=area,
                measure=measure,
                value=Decimal(rng.randint(40, 180)) / 10,
                source="HR and finance returns",
                as_of=datetime.date(fy + 1, 2, 28) if fy < year else datetime.date(year, 11, 1),
            )
    for area, _ in Area.choices:
        area_assess(
            actor=actor,
            year=year - 1,
            area=area,
            rating="good" if rng.random() < 0.5 else "requires_improvement",
            strengths="Supervision is regular and valued.",
            improvements="Reduce the number of unallocated cases.",
        )


def generate(*, year: int, today: datetime.date) -> None:
    rng = random.Random(12)
    psw = StaffMember.objects.select_related("user").get(role=Role.PRINCIPAL_SOCIAL_WORKER)
    actor = Actor.of(psw.user)
    _snapshots(today, year, rng)
    _survey(actor, year - 1, datetime.date(year, 1, 6), 0.55, rng)
    this_year_opens = min(today - datetime.timedelta(days=40), datetime.date(year, 10, 1))
    _survey(actor, year, this_year_opens, 0.6, rng)
    _health_check(actor, year, rng)


def pages(year: int) -> dict[str, tuple[str, str]]:
    """Name: (who asks, URL) of the report pages."""
    latest = Snapshot.objects.order_by("-as_of", "-created_at", "-pk").values("pk").first()
    survey = Survey.objects.filter(code=SURVEY, year=year - 1).values("pk").first()
    return {
        "Caseload snapshots": ("psw", reverse("caseload-snapshots")),
        "A caseload snapshot": ("psw", reverse("caseload-snapshot", args=[latest["pk"]])),
        "Published caseloads": ("psw", reverse("caseload-published")),
        "Survey results": ("psw", reverse("survey-results", args=[survey["pk"]])),
        "Self-assessment": ("psw", reverse("self-assessment")),
        "Self-assessment last year": ("psw", reverse("self-assessment-year", args=[year - 1])),
        "Self-assessment years": ("psw", reverse("self-assessment-years")),
        "Intelligence": ("psw", reverse("intelligence")),
        "Focus groups": ("psw", reverse("focus-group-list")),
    }
