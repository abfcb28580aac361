"""The plan learns of audits when they are submitted, however they were started."""

from django.utils import timezone

from practiceqa.access.scope import StaffScope
from practiceqa.audits.models import Answer, Audit, ObservationStage
from practiceqa.audits.services.lifecycle import observation_hand_over
from practiceqa.audits.services.starting import audit_start
from practiceqa.planning.schedule import financial_year_of
from practiceqa.planning.services.generation import plan_generate
from tests.planning.conftest import item


def test_an_observation_counts_for_the_plan_when_its_last_turn_completes_it(council):
    plan_generate(year=financial_year_of(timezone.localdate()))
    audit = audit_start(
        audit_type="practice_observation",
        subject=council.wendy,
        auditor=council.sue,
        scope=StaffScope(everyone=True),
        started_by=council.sue.user,
    )
    # The earlier turns are done: only the worker's box 4 and signature are left.
    Audit.objects.filter(pk=audit.pk).update(stage=ObservationStage.REFLECTION)
    audit.refresh_from_db()
    observation = item("practice_observation", council.wendy)
    assert observation.audit is None, "a draft fulfils nothing yet"

    box_4 = {a.question.code: a for a in Answer.objects.filter(audit=audit)}
    observation_hand_over(
        audit=audit,
        by=council.wendy,
        user=council.wendy.user,
        expected_lock_version=audit.lock_version,
        changes={
            box_4["critical_reflection"].pk: {"value": "I will book the recording training."},
            box_4["worker_signature"].pk: {
                "value": {"name": "Wendy Worker", "signed_on": timezone.localdate().isoformat()}
            },
        },
        link="http://testserver/audits/",
    )
    observation.refresh_from_db()
    assert observation.audit == audit
    assert observation.is_done
