"""Forms of the surveys pages. They only parse: the services check every rule."""

import datetime

from django import forms

from practiceqa.core.govuk.forms import DateInputField

PREFER_NOT_TO_SAY = ""


def financial_year_of(day: datetime.date) -> int:
    return day.year if day.month >= 4 else day.year - 1


class SurveyOpenForm(forms.Form):
    code = forms.ChoiceField(
        label="Survey", error_messages={"required": "Select a survey"}, widget=forms.RadioSelect
    )
    year = forms.TypedChoiceField(
        label="Financial year",
        coerce=int,
        error_messages={"required": "Select a year", "invalid_choice": "Select a year"},
        widget=forms.RadioSelect,
    )
    opens_on = DateInputField(
        noun="opening date", label="Opens on", help_text="For example, 5 1 2027"
    )
    closes_on = DateInputField(
        noun="closing date",
        label="Closes on",
        help_text="Its last day for answers. For example, 28 2 2027",
    )

    def __init__(self, *args, surveys: list[tuple[str, str]], today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = surveys
        if len(surveys) == 1:
            self.fields["code"].initial = surveys[0][0]
        year = financial_year_of(today)
        self.fields["year"].choices = [
            (y, f"{y} to {y + 1} (April {y} to March {y + 1})") for y in (year, year + 1)
        ]
        self.fields["year"].initial = year


class SurveyAnswerForm(forms.Form):
    """One field per "about you" field (optional) and per question (required), in order."""

    def __init__(self, *args, survey, scales, **kwargs):
        super().__init__(*args, **kwargs)
        spec = survey.spec
        self.about_you_codes = []
        for about in spec.about_you:
            options = survey.about_you_options.get(about.code, [])
            self.fields[about.code] = forms.ChoiceField(
                label=about.text,
                required=False,
                choices=[
                    *[(v, label) for v, label in options],
                    (PREFER_NOT_TO_SAY, "Prefer not to say"),
                ],
                widget=forms.RadioSelect,
                help_text="Optional.",
            )
            self.about_you_codes.append(about.code)
        self.section_fields = []
        for section in spec.sections:
            codes = []
            for question in section.questions:
                scale = scales[question.scale]
                label = f"{question.number}. {question.text}" if question.number else question.text
                if scale.kind == "multi":
                    field = forms.MultipleChoiceField(
                        choices=[(o.value, o.label) for o in scale.options],
                        widget=forms.CheckboxSelectMultiple,
                        error_messages={"required": "Select at least one answer"},
                    )
                elif scale.kind == "number":
                    field = forms.ChoiceField(
                        choices=[(str(n), str(n)) for n in range(scale.min, scale.max + 1)],
                        widget=forms.RadioSelect,
                        error_messages={
                            "required": f"Select a number from {scale.min} to {scale.max}"
                        },
                    )
                else:
                    field = forms.ChoiceField(
                        choices=[(o.value, o.label) for o in scale.options],
                        widget=forms.RadioSelect,
                        error_messages={"required": "Select an answer"},
                    )
                field.label = label
                field.help_text = question.help
                self.fields[question.code] = field
                codes.append(question.code)
            self.section_fields.append((section.title, codes))

    @property
    def sections(self):
        return [(title, [self[code] for code in codes]) for title, codes in self.section_fields]

    @property
    def about_you_fields(self):
        return [self[code] for code in self.about_you_codes]

    def answers(self) -> dict:
        return {
            code: value
            for title, codes in self.section_fields
            for code in codes
            if (value := self.data.getlist(code) if self._is_multi(code) else self.data.get(code))
        }

    def about_you(self) -> dict:
        return {code: self.data.get(code, "") for code in self.about_you_codes}

    def _is_multi(self, code: str) -> bool:
        return isinstance(self.fields[code], forms.MultipleChoiceField)
