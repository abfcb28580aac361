"""The staff surveys' rows of the URL table (test_url_table), kept here so that file stays
under 500 lines. Columns follow ROLES."""

OK, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = 200, 403, 404, 405
L, Y, N, G = "sign-in", OK, FORBIDDEN, NOT_FOUND
LEAD_GIVERS = (L, N, N, N, N, N, N, Y, N, Y, N)
SURVEY_READERS = (L, N, N, N, N, N, Y, Y, Y, Y, N)

SURVEY_TABLE = {
    # Staff surveys: run by the PSW (and a QA administrator), results read by them, the
    # director and heads of service; answered by everyone they are for (social workers,
    # occupational therapists, social care professionals in post), nobody else.
    "survey-list": {"-": SURVEY_READERS},
    "survey-open": {"-": LEAD_GIVERS},
    "survey-detail": {"survey": SURVEY_READERS, "unknown": (L, N, N, N, N, N, G, G, G, G, N)},
    "survey-close": {"survey": (L,) + (NOT_ALLOWED,) * 10},  # a POST
    "survey-answer": {
        "survey": (L, Y, Y, N, N, N, N, Y, N, N, N),
        "unknown": (L, G, G, G, G, G, G, G, G, G, N),
    },
    "survey-results": {"survey": SURVEY_READERS},
    "survey-results-export": {"survey": SURVEY_READERS},
}

# What a QA administrator gets when posting an empty form.
SURVEY_POSTS = {
    "survey-list": NOT_ALLOWED,
    "survey-open": 400,  # nothing entered
    "survey-detail": NOT_ALLOWED,
    "survey-close": 302,  # closed, back to the survey
    "survey-answer": 403,  # a QA administrator is not someone the survey is for
    "survey-results": NOT_ALLOWED,
    "survey-results-export": NOT_ALLOWED,
}
