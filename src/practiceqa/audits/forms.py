from django import forms
from django.conf import settings
from django.utils import timezone

from practiceqa.audits import answers as values
from practiceqa.audits.answers import question_label, question_ref, same_name
from practiceqa.audits.models import AuditStatus
from practiceqa.audits.services.answering import offered_date
from practiceqa.audits.services.starting import case_identifier_not_needed, case_identifier_problem
from practiceqa.audits.workflow import (
    AUDITOR,
    completion_problems,
    may_add_evidence,
    may_answer,
    party_of,
)
from practiceqa.core.forms import OneClickForm
from practiceqa.core.govuk.forms import DateInputField, too_long_message
from practiceqa.core.words import with_article
from practiceqa.frameworks.definition import AuditType

# The longest answer, comment or narrative, shown under each box by its character count.
TEXT_LIMIT = 20000


class StartAuditForm(OneClickForm):
    audit_type = forms.ChoiceField(
        label="Type of audit",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the type of audit",
            "invalid_choice": "Select one of the types of audit listed",
        },
    )
    subject = forms.TypedChoiceField(
        label="Who is the audit about?",
        coerce=int,
        help_text="People you supervise or manage, and those in your area.",
        error_messages={
            "required": "Select who the audit is about",
            "invalid_choice": "Select someone you are responsible for",
        },
    )
    case_identifier = forms.CharField(
        label="Case identifier",
        required=False,
        max_length=40,
        error_messages={"max_length": "Enter a case identifier of 40 characters or fewer"},
    )

    # Set once the person has read that an audit of this case is already in the window.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    # How the revealed case identifier is drawn under its audit type.
    reveal_options = {
        "case_identifier": {"classes": "govuk-input--width-10", "label_class": "govuk-label--s"}
    }

    def __init__(
        self,
        *args,
        audit_types: list[AuditType],
        case_types: list[AuditType],
        candidates: list,
        check,
        **kwargs,
    ):
        """`check(audit_type, subject)` returns (problem or None, template or None).

        ``case_types`` are the audit types about one case: the case identifier is shown
        under the one that needs it (a conditional reveal), and its hint names them.
        """
        super().__init__(*args, **kwargs)
        self.fields["audit_type"].choices = [(t.code, t.name) for t in audit_types]
        self.reveals_case_identifier = len(case_types) == 1
        if self.reveals_case_identifier:
            self.fields["audit_type"].reveals = {case_types[0].code: "case_identifier"}
        needed_for = " or ".join(with_article(t.name.lower()) for t in case_types)
        only = f"Only needed for {needed_for}. " if case_types else ""
        self.candidates = {person.pk: person for person in candidates}
        self.fields["subject"].choices = [("", "Select a person")] + [
            (
                person.pk,
                f"{person.full_name} – {person.team.name} ({person.get_profession_display()})",
            )
            for person in candidates
        ]
        self.fields["case_identifier"].help_text = (
            f"{only}{settings.CASE_IDENTIFIER_HINT}. Never enter the name of the person who "
            "receives care."
        )
        self.check = check
        self.template = None

    def clean(self):
        data = super().clean()
        subject = self.candidates.get(data.get("subject"))
        audit_type = data.get("audit_type")
        identifier = data.get("case_identifier", "").strip()
        if subject is None or not audit_type:
            return data
        problem, template = self.check(audit_type, subject)
        if problem:
            self.add_error("subject", problem)
            return data
        self.template = template
        data["subject_member"] = subject
        if template.needs_case_identifier:
            error = case_identifier_problem(identifier)
            if error:
                self.add_error("case_identifier", error)
        elif identifier:
            self.add_error("case_identifier", case_identifier_not_needed(template))
        data["case_identifier"] = identifier
        return data


class AuditFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *AuditStatus.choices]
    )
    audit_type = forms.ChoiceField(label="Type of audit", required=False)
    relation = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[
            ("", "All audits I can see"),
            ("led", "Audits I lead"),
            ("about_me", "Audits about me"),
            ("area", "Audits about people in my area"),
        ],
    )

    def __init__(self, *args, audit_types: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audit_type"].choices = [("", "Any type"), *audit_types]


class AnswersForm(OneClickForm):
    """The answers one person may give now, plus the version of the audit they opened (and
    the form's one-time token: a submission or a turn handed over is made once)."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(
        self,
        data=None,
        *,
        audit,
        answers: list,
        staff_id: int | None,
        signer_name: str = "",
        completing: bool = False,
        amending: bool = False,
        sessions: list | None = None,
        sampled_ids: set[int] | None = None,
        gaps_for: list | None = None,
    ):
        super().__init__(data, initial={"lock_version": audit.lock_version})
        self.audit = audit
        self.answers = answers
        self.signer_name = signer_name
        self.completing = completing
        self.by_code = {answer.question.code: answer for answer in answers}
        self.editable = [
            a for a in answers if may_answer(audit, a.question, staff_id, amending=amending)
        ]
        self.evidence = (
            []
            if amending
            else [a for a in answers if may_add_evidence(audit, a.question, staff_id)]
        )
        self.sampled_ids = sampled_ids or set()
        self.samples = sessions is not None and bool(self.editable) and not amending
        for answer in self.editable:
            self._add_answer_fields(answer)
        for answer in self.evidence:
            self.fields[f"evidence-{answer.question.code}"] = forms.CharField(
                label=f"Your evidence and rationale for {question_ref(answer.question)}",
                required=False,
                max_length=TEXT_LIMIT,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=answer.subject_evidence,
                error_messages={"max_length": too_long_message("Evidence", TEXT_LIMIT)},
            )
        if (
            self.editable
            and not amending
            and not audit.is_observation
            and party_of(audit, staff_id) == AUDITOR
        ):
            # The day the audit was done, set by the auditor, kept with each draft saved.
            self.fields["audit_date"] = DateInputField(
                noun="date of the audit",
                label="When was the audit done?",
                help_text="The day you did the audit. For example, 27 3 2027",
                required=False,  # blank: as given on a draft, else today
                initial=offered_date(audit),
            )
        if self.samples:
            self.fields["sampled"] = forms.TypedMultipleChoiceField(
                label="Records you looked at",
                help_text="Tick every record you looked at. The proposed sample includes one "
                "record of each person the supervisor supervises.",
                required=False,
                coerce=int,
                widget=forms.CheckboxSelectMultiple,
                choices=[(s.pk, s.sample_label) for s in sessions],
                initial=sorted(self.sampled_ids),
                error_messages={"invalid_choice": "Select only the supervision records listed"},
            )
            # A supervisee with no record to look at: the auditor says why (a finding).
            self.gap_names = []
            for person, reason in gaps_for or []:
                name = f"gap-{person.pk}"
                self.fields[name] = forms.CharField(
                    label=f"Why is there no supervision record of {person.full_name}?",
                    help_text="This is shown as a finding of the audit.",
                    required=False,
                    max_length=5000,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    initial=reason,
                    error_messages={"max_length": "The reason must be 5,000 characters or fewer"},
                )
                self.gap_names.append((name, person.pk))

    @property
    def has_inputs(self) -> bool:
        return bool(self.editable or self.evidence)

    # Fields ------------------------------------------------------------------------------

    def _add_answer_fields(self, answer) -> None:
        question = answer.question
        code = question.code
        self.fields[f"answer-{code}"] = self._value_field(question, answer.value)
        if question.comment_required_for:
            shown = " or ".join(
                values.option(question, v).label for v in question.comment_required_for
            )
            self.fields[f"comment-{code}"] = forms.CharField(
                label=f"Comments on {question_ref(question)}",
                help_text=f"Needed if you answer {shown}.",
                required=False,
                max_length=TEXT_LIMIT,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=answer.comment,
                error_messages={"max_length": too_long_message("Comments", TEXT_LIMIT)},
            )
        if values.takes_narrative(question):
            self.fields[f"narrative-{code}"] = forms.CharField(
                label=f"Narrative for {question_ref(question)}",
                help_text="What in the case file supports the grade. Needed for every grade "
                "other than N/A.",
                required=False,
                max_length=TEXT_LIMIT,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=answer.narrative,
                error_messages={"max_length": too_long_message("Narrative", TEXT_LIMIT)},
            )

    def _value_field(self, question, value) -> forms.Field:
        label = question_label(question)
        common = {"label": label, "required": False, "help_text": question.help_text}
        kind = question.kind
        if kind == "choice":
            return forms.ChoiceField(
                widget=forms.RadioSelect,
                choices=[(o.value, o.label) for o in question.options],
                initial=value,
                error_messages={
                    "invalid_choice": f"Select an answer listed for {question_ref(question)}"
                },
                **common,
            )
        if kind == "multi":
            return forms.MultipleChoiceField(
                widget=forms.CheckboxSelectMultiple,
                choices=[(o.value, o.label) for o in question.options],
                initial=value or [],
                error_messages={
                    "invalid_choice": f"Select only answers listed for {question_ref(question)}"
                },
                **common,
            )
        if kind == "number":
            low, high = question.scale.get("min"), question.scale.get("max")
            return forms.IntegerField(
                min_value=low,
                max_value=high,
                initial=value,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                error_messages={
                    "invalid": f"Enter a whole number from {low} to {high}",
                    "min_value": f"Enter a whole number from {low} to {high}",
                    "max_value": f"Enter a whole number from {low} to {high}",
                },
                **common,
            )
        if kind == "confirm":
            return forms.BooleanField(initial=bool(value), **common)
        if kind == "signature":
            common["help_text"] = (
                "Type your full name to sign. The date is recorded when you save."
                if not values.is_answered(value)
                else f"Signed {values.signature_text(value)}. Clear the box to remove it."
            )
            return forms.CharField(
                max_length=200,
                initial=value.get("name", "") if isinstance(value, dict) else "",
                **common,
            )
        if kind == "date":
            common["help_text"] = question.help_text or "For example, 27 3 2026"
            return DateInputField(
                noun=values.date_noun(question),
                initial=values.parse_date(value),
                **common,
            )
        return forms.CharField(
            max_length=TEXT_LIMIT,
            widget=forms.Textarea(attrs={"rows": 4}),
            initial=value or "",
            error_messages={"max_length": too_long_message("Answer", TEXT_LIMIT)},
            **common,
        )

    # Validation ----------------------------------------------------------------------------

    def _posted(self, question):
        """The cleaned value of a question as it would be stored."""
        name = f"answer-{question.code}"
        if name not in self.fields:
            return self.by_code[question.code].value
        value = self.cleaned_data.get(name)
        kind = question.kind
        if kind == "confirm":
            return True if value else None
        if kind == "date":
            return value.isoformat() if value else None
        if kind == "multi":
            return list(value) or None
        if kind in {"text", "signature"}:
            return (value.strip() or None) if isinstance(value, str) else None
        return value if value not in ("", None) else None

    def clean(self):
        data = super().clean()
        for answer in self.editable:
            self._check(answer.question)
        return data

    def _check(self, question) -> None:
        code = question.code
        name = f"answer-{code}"
        if name in self.errors:
            return
        value = self._posted(question)
        if question.kind == "signature" and value and not same_name(value, self.signer_name):
            self.add_error(name, f"Type your full name, {self.signer_name}, to sign")
            return
        needed = question.requires
        if values.is_answered(value) and needed:
            missing = [n for n in needed if not self._posted(self.by_code[n].question)]
            if missing:
                texts = " and ".join(self.by_code[n].question.text.lower() for n in needed)
                self.add_error(
                    name,
                    f"Confirm that {texts} before recording this, or leave it empty",
                )
        if not self.completing:
            return
        problems = completion_problems(
            self.audit,
            question,
            value=value,
            comment=self.cleaned_data.get(f"comment-{code}", ""),
            narrative=self.cleaned_data.get(f"narrative-{code}", ""),
        )
        for part, message in problems:
            self.add_error(f"{part}-{code}", message)

    # Results -------------------------------------------------------------------------------

    def changes(self) -> dict[int, dict]:
        """What differs from what is stored, by answer id: only these are written."""
        today = timezone.localdate().isoformat()
        changed: dict[int, dict] = {}
        for answer in self.editable:
            question = answer.question
            code = question.code
            fields = {"value": self._posted(question)}
            if question.kind == "signature":
                fields["value"] = self._signature(answer.value, fields["value"], today)
            for attribute, prefix in (("comment", "comment-"), ("narrative", "narrative-")):
                if f"{prefix}{code}" in self.fields:
                    fields[attribute] = self.cleaned_data.get(f"{prefix}{code}", "").strip()
            different = {k: v for k, v in fields.items() if getattr(answer, k) != v}
            if different:
                changed[answer.pk] = different
        for answer in self.evidence:
            text = self.cleaned_data.get(f"evidence-{answer.question.code}", "").strip()
            if text != answer.subject_evidence:
                changed.setdefault(answer.pk, {})["subject_evidence"] = text
        return changed

    @staticmethod
    def _signature(stored, typed: str | None, today: str):
        if not typed:
            return None
        if isinstance(stored, dict) and same_name(stored.get("name", ""), typed):
            return stored
        return {"name": typed, "signed_on": today}

    @property
    def gap_fields(self) -> list:
        return [self[name] for name, _ in getattr(self, "gap_names", [])]

    def gaps(self) -> dict[int, str] | None:
        names = getattr(self, "gap_names", [])
        if not names:
            return None
        return {pk: (self.cleaned_data.get(name) or "").strip() for name, pk in names}

    def sampled(self) -> set[int] | None:
        if not self.samples:
            return None
        return set(self.cleaned_data.get("sampled") or [])

    def rows(self) -> dict[str, list]:
        """The bound fields of each question, by question code, for the page."""
        found: dict[str, list] = {}
        for answer in self.answers:
            code = answer.question.code
            names = [f"answer-{code}", f"comment-{code}", f"narrative-{code}", f"evidence-{code}"]
            found[code] = [self[name] for name in names if name in self.fields]
        return found


class CommentForm(OneClickForm):
    text = forms.CharField(
        label="Your comments",
        help_text="Your reply to the audit. The auditor and those who can see the audit will "
        "read it.",
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Enter your comments",
            "max_length": too_long_message("Comments", TEXT_LIMIT),
        },
    )


class SignOffForm(OneClickForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class SubmitForm(OneClickForm):
    """Submitting from the check answers page, against the version that was checked (once:
    sent twice, it submits once)."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AmendmentReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason for the amendment",
        help_text="Why the signed-off audit needs to change. It is kept with the audit.",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter the reason for the amendment",
            "max_length": too_long_message("Reason for the amendment", 5000),
        },
    )
