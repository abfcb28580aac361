"""The audits table's rows, written by `audit_table_rows` in one Python loop, are the HTML
the template loop wrote before, character for character: every kind of row (a case
reference, an observation's stage, a grade, text needing escaping, no date)."""

from pathlib import Path

from django.template import engines

from practiceqa.audits.models import Audit, AuditStatus
from practiceqa.audits.selectors import listed
from tests.audits.test_query_counts import seed

# The rows as the template wrote them before `audit_table_rows`.
TEMPLATE_ROWS = (Path(__file__).parent / "audit_rows_before.html").read_text()


def _render(source: str, audits) -> str:
    return engines["django"].from_string(source).render({"audits": audits})


def test_the_rows_are_the_html_the_template_wrote(organisation, framework):
    seed(organisation)
    odd = Audit.objects.filter(status=AuditStatus.DRAFT).order_by("pk").first()
    Audit.objects.filter(pk=odd.pk).update(
        case_identifier='<b>"A&B"</b>', audit_date=None, overall_grade="Good <i>"
    )
    Audit.objects.filter(status=AuditStatus.SIGNED_OFF).update(overall_grade="Requires & 'more'")
    organisation.subject.team.__class__.objects.filter(pk=organisation.subject.team_id).update(
        name="Team <A> & 'B'"
    )
    audits = listed(Audit.objects.order_by("-created_at", "-pk"))
    assert len(audits) == 3
    assert any(audit.stage for audit in audits)
    written = _render("{% load audit_rows %}{% audit_table_rows audits %}", audits)
    assert written == _render(TEMPLATE_ROWS, audits)
    assert "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;" in written
    assert "Team &lt;A&gt; &amp; &#x27;B&#x27;" in written


def test_no_audits_no_rows(db):
    assert _render("{% load audit_rows %}{% audit_table_rows audits %}", []) == ""
