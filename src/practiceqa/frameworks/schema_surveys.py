"""The schema of a framework file's surveys (see `definition_surveys`), checked with the
line number of every problem like the rest of the file (`schema.check_definition`)."""

from practiceqa.frameworks.definition_surveys import OPTIONS_FROM, SURVEY_SCALE_KINDS

PROFESSIONS = {"social_worker", "occupational_therapist", "social_care_professional"}


def check_surveys(c, data: dict, scales: dict, slug_pattern, type_codes: set) -> None:
    """`c` is the schema's checker (it knows the file, and the line of every path)."""
    codes = set()
    for s_index, survey in enumerate(
        c.listing(data.get("surveys", []), ("surveys",), empty_ok=True)
    ):
        path = ("surveys", s_index)
        c.mapping(survey, path)
        code = c.text(survey, "code", path)
        if not slug_pattern.match(code):
            c.fail((*path, "code"), f"'{code}' must be lower case letters, digits and hyphens")
        if code in codes:
            c.fail((*path, "code"), f"survey {code} appears twice")
        codes.add(code)
        c.text(survey, "title", path)
        audit_type = survey.get("audit_type")
        if audit_type is not None and audit_type not in type_codes:
            c.fail((*path, "audit_type"), f"audit_type '{audit_type}' is not declared")
        invite = c.mapping(survey.get("invite", {}), (*path, "invite"))
        for profession in c.listing(invite.get("profession"), (*path, "invite", "profession")):
            if profession not in PROFESSIONS:
                c.fail(
                    (*path, "invite", "profession"),
                    f"'{profession}' must be one of {', '.join(sorted(PROFESSIONS))}",
                )
        field_codes = set()
        for f_index, about in enumerate(
            c.listing(survey.get("about_you", []), (*path, "about_you"), empty_ok=True)
        ):
            fpath = (*path, "about_you", f_index)
            c.mapping(about, fpath)
            fcode = c.code(about, "code", fpath)
            if fcode in field_codes:
                c.fail(fpath, f"about_you field {fcode} appears twice")
            field_codes.add(fcode)
            c.text(about, "text", fpath)
            source = about.get("options_from")
            if source is not None:
                if source not in OPTIONS_FROM:
                    c.fail(
                        (*fpath, "options_from"), f"options_from must be {', '.join(OPTIONS_FROM)}"
                    )
            else:
                values = set()
                for o_index, option in enumerate(
                    c.listing(about.get("options"), (*fpath, "options"))
                ):
                    opath = (*fpath, "options", o_index)
                    c.mapping(option, opath)
                    value = c.text(option, "value", opath)
                    c.text(option, "label", opath)
                    if value in values:
                        c.fail(opath, f"option '{value}' appears twice")
                    values.add(value)
        question_codes = set()
        for sec_index, section in enumerate(c.listing(survey.get("sections"), (*path, "sections"))):
            spath = (*path, "sections", sec_index)
            c.mapping(section, spath)
            c.code(section, "code", spath)
            c.text(section, "title", spath)
            for q_index, question in enumerate(
                c.listing(section.get("questions"), (*spath, "questions"))
            ):
                qpath = (*spath, "questions", q_index)
                c.mapping(question, qpath)
                qcode = c.code(question, "code", qpath)
                if qcode in question_codes or qcode in field_codes:
                    c.fail(qpath, f"question {qcode} appears twice in survey {code}")
                question_codes.add(qcode)
                c.text(question, "text", qpath)
                scale = question.get("scale")
                if scale not in scales:
                    c.fail(qpath, f"scale '{scale}' is not one of the answer_scales")
                if scales[scale].get("kind") not in SURVEY_SCALE_KINDS:
                    c.fail(
                        (*qpath, "scale"),
                        f"a survey question's scale must be of kind "
                        f"{', '.join(sorted(SURVEY_SCALE_KINDS))}: free text could identify "
                        "who wrote it",
                    )


def check_focus_groups(c, data: dict, type_codes: set) -> None:
    """The focus group guides: numbered questions under headings, and discussion areas, each
    heading and discussion area optionally naming the area (a section of the guide's survey,
    the one of the same audit type) its notes are read under."""
    sections_of = {
        survey.get("audit_type"): {s.get("code") for s in survey.get("sections") or []}
        for survey in data.get("surveys") or []
        if isinstance(survey, dict)
    }
    for g_index, guide in enumerate(
        c.listing(data.get("focus_groups", []), ("focus_groups",), empty_ok=True)
    ):
        path = ("focus_groups", g_index)
        c.mapping(guide, path)
        c.text(guide, "code", path)
        c.text(guide, "title", path)
        audit_type = guide.get("audit_type")
        if audit_type is not None and audit_type not in type_codes:
            c.fail((*path, "audit_type"), f"audit_type '{audit_type}' is not declared")
        sections = sections_of.get(audit_type) if audit_type is not None else None
        numbers = set()
        for h_index, heading in enumerate(c.listing(guide.get("headings"), (*path, "headings"))):
            hpath = (*path, "headings", h_index)
            c.mapping(heading, hpath)
            c.code(heading, "code", hpath)
            c.text(heading, "title", hpath)
            _check_area(c, heading, hpath, sections)
            for q_index, question in enumerate(
                c.listing(heading.get("questions"), (*hpath, "questions"))
            ):
                qpath = (*hpath, "questions", q_index)
                c.mapping(question, qpath)
                number = question.get("number")
                if not isinstance(number, int) or number in numbers:
                    c.fail(qpath, "a question needs a whole 'number' not used before")
                numbers.add(number)
                c.text(question, "text", qpath)
        for a_index, area in enumerate(
            c.listing(guide.get("discussion_areas", []), (*path, "discussion_areas"), empty_ok=True)
        ):
            apath = (*path, "discussion_areas", a_index)
            c.mapping(area, apath)
            c.code(area, "code", apath)
            c.text(area, "title", apath)
            _check_area(c, area, apath, sections)


def _check_area(c, item: dict, where: tuple, sections: set | None) -> None:
    """An `area` names a section of the guide's survey (any code when it has none)."""
    area = item.get("area")
    if area is None:
        return
    if not isinstance(area, str) or (sections is not None and area not in sections):
        known = ", ".join(sorted(str(s) for s in sections or ()))
        c.fail((*where, "area"), f"area '{area}' must be a section of its survey: {known}")
