"""The supervision sessions' rows of the URL table (test_url_table), kept here so that file
stays under 500 lines. Columns follow ROLES."""

OK, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = 200, 403, 404, 405
L, Y, N, G = "sign-in", OK, FORBIDDEN, NOT_FOUND
UNKNOWN = (L,) + (G,) * 10
MANAGERS = (L, N, Y, Y, Y, Y, Y, Y, Y, Y, N)
IMPORTERS = (L, N, N, N, N, N, N, N, N, Y, N)

SESSION_TABLE = {
    "supervision-session-record": {"-": MANAGERS},
    "supervision-session-list": {
        "subject": (L, Y, Y, Y, N, Y, Y, Y, Y, Y, N),
        "outsider": (L, N, N, N, N, N, N, Y, Y, Y, N),
        "self": (L, Y, Y, Y, Y, Y, Y, Y, Y, Y, N),
        "unknown": UNKNOWN,
    },
    "supervision-session-import": {"-": IMPORTERS},
    # A session is corrected or removed only by whoever recorded it (here the supervisor).
    "supervision-session-change": {
        "recorded session": (L, N, Y, N, N, N, N, N, N, N, N),
        "unknown": UNKNOWN,
    },
    "supervision-session-remove": {
        "recorded session": (L, N, Y, N, N, N, N, N, N, N, N),
        "unknown": UNKNOWN,
    },
}

# What a QA administrator gets when posting an empty form.
SESSION_POSTS = {
    "supervision-session-record": 400,  # supervises nobody
    "supervision-session-list": NOT_ALLOWED,
    "supervision-session-import": 400,  # no file chosen
    "supervision-session-change": FORBIDDEN,  # only whoever recorded it
    "supervision-session-remove": FORBIDDEN,
}
