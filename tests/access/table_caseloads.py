"""The caseloads' rows of the URL table (test_url_table), kept here so that file stays
under 500 lines. Columns follow ROLES."""

OK, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = 200, 403, 404, 405
L, Y, N, G = "sign-in", OK, FORBIDDEN, NOT_FOUND
IMPORTERS = (L, N, N, N, N, N, N, N, N, Y, N)
STAFF = (L,) + (Y,) * 9 + (N,)
# Caseload figures: whoever is responsible for whole teams or services, the PSW, directors
# and QA administrators.
CASELOAD_FIGURES = (L, N, N, Y, Y, Y, Y, Y, Y, Y, N)

CASELOAD_TABLE = {
    # Caseload snapshots and the mappings that read them: the QA administrator. A mapping
    # draft is seen only by whoever uploaded its file (tests/caseloads/test_import_pages.py).
    "caseload-import": {"-": IMPORTERS},
    "caseload-import-detail": {"unknown": (L, N, N, N, N, N, N, N, N, G, N)},
    "caseload-mappings": {"-": IMPORTERS},
    "caseload-mapping-columns": {"unknown": (L, N, N, N, N, N, N, N, N, G, N)},
    "caseload-mapping-details": {"unknown": (L, N, N, N, N, N, N, N, N, G, N)},
    "caseload-snapshots": {"-": CASELOAD_FIGURES},
    "caseload-snapshot": {
        "snapshot": CASELOAD_FIGURES,
        "unknown": (L, N, N, G, G, G, G, G, G, G, N),
    },
    "caseload-snapshot-workers": {"snapshot": CASELOAD_FIGURES},
    "caseload-snapshot-workers-xlsx": {"snapshot": CASELOAD_FIGURES},
    # The published average caseloads: every member of staff.
    "caseload-published": {"-": STAFF},
    "caseload-published-export": {"-": STAFF},
}

# What a QA administrator gets when posting an empty form.
CASELOAD_POSTS = {
    "caseload-import": 400,  # no file chosen
    "caseload-import-detail": NOT_FOUND,
    "caseload-mappings": NOT_ALLOWED,
    "caseload-mapping-columns": NOT_FOUND,
    "caseload-mapping-details": NOT_FOUND,
    "caseload-snapshots": NOT_ALLOWED,
    "caseload-snapshot": NOT_ALLOWED,
    "caseload-snapshot-workers": NOT_ALLOWED,
    "caseload-snapshot-workers-xlsx": NOT_ALLOWED,
    "caseload-published": NOT_ALLOWED,
    "caseload-published-export": NOT_ALLOWED,
}
