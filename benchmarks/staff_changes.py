"""A month's changes to a generated council's HR export, in proportion to its size, and the
raw-SQL floor of what a write since a mark wrote.

`monthly_changes` is last month's file again with about one person in twelve changed:
leavers, joiners, moves to another team of the same service (with a new supervisor and line
manager there), promotions to team manager, supervisor changes within the team, and name
and email changes. Its re-import touches every kind of row the import writes.
"""

import datetime
import random

from practiceqa.org.demo import DemoCouncil

SHARES = {
    "leavers": 0.01,
    "joiners": 0.01,
    "moves": 0.02,
    "promotions": 0.01,
    "supervisor changes": 0.03,
    "renames": 0.005,
}


def monthly_changes(council: DemoCouncil, *, on: datetime.date, seed: int = 2019) -> list[dict]:
    rng = random.Random(seed)
    rows = [dict(row, effective_date="") for row in council.rows]
    size = len(rows)
    supervisors = {row["supervisor_staff_id"] for row in rows}
    logins = set(council.logins.values())
    # Practitioners who supervise nobody and are not demo logins: anyone can change.
    pool = [
        row
        for row in rows
        if row["role"] == "practitioner"
        and row["staff_id"] not in supervisors
        and row["email"] not in logins
    ]
    rng.shuffle(pool)
    picked = iter(pool)

    def take(kind: str) -> list[dict]:
        return [next(picked) for _ in range(max(1, round(size * SHARES[kind])))]

    def recently() -> str:
        return (on - datetime.timedelta(days=rng.randint(1, 25))).isoformat()

    by_team: dict[tuple[str, str], list[dict]] = {}
    for row in rows:
        by_team.setdefault((row["service"], row["team"]), []).append(row)

    def seniors_of(service: str, team: str) -> list[dict]:
        return [r for r in by_team[(service, team)] if r["staff_id"] in supervisors]

    def manager_of(service: str, team: str) -> dict:
        return next(r for r in by_team[(service, team)] if r["role"] == "team manager")

    for row in take("leavers"):
        row["end_date"] = recently()
    for row in take("moves"):
        teams = [
            team
            for service, team in by_team
            if service == row["service"] and team != row["team"] and seniors_of(service, team)
        ]
        if not teams:
            continue
        team = rng.choice(teams)
        row["team"] = team
        row["supervisor_staff_id"] = rng.choice(seniors_of(row["service"], team))["staff_id"]
        row["line_manager_staff_id"] = manager_of(row["service"], team)["staff_id"]
        row["effective_date"] = recently()
    for row in take("promotions"):
        row["role"], row["job_title"], row["fte"] = "team manager", "Team Manager", "1.0"
        row["effective_date"] = recently()
    for row in take("supervisor changes"):
        others = [
            r
            for r in seniors_of(row["service"], row["team"])
            if r["staff_id"] != row["supervisor_staff_id"]
        ]
        if others:
            row["supervisor_staff_id"] = rng.choice(others)["staff_id"]
            row["effective_date"] = recently()
    for n, row in enumerate(take("renames")):
        first = row["full_name"].split(" ", 1)[0]
        row["full_name"] = f"{first} Renamed{n}"
        row["email"] = f"{first.lower()}.renamed{n}@council.example"
    templates = take("joiners")
    for n, template in enumerate(templates):
        rows.append(
            dict(
                template,
                staff_id=f"J{n:05d}",
                full_name=f"Joiner Number{n}",
                email=f"joiner.number{n}@council.example",
                job_title="Social Worker",
                start_date=recently(),
                end_date="",
                effective_date="",
            )
        )
    return rows


def history_marks(models: list) -> dict:
    """Each model's latest history row id: what is written after is past the mark."""
    marks = {}
    for model in models:
        history = model.history.model
        latest = history.objects.order_by("-history_id").values_list("history_id", flat=True)
        marks[model] = latest.first() or 0
    return marks


def written_since(marks: dict, **extra: str) -> dict[str, str]:
    """The rows written since the marks, for `raw_floor`: each model's history rows past its
    mark, and the rows they record (as they are now); `extra`: more tables and conditions."""
    tables = {}
    for model, mark in marks.items():
        history = model.history.model._meta.db_table
        tables[history] = f"history_id > {int(mark)}"
        tables[model._meta.db_table] = (
            f"id IN (SELECT id FROM {history} WHERE history_id > {int(mark)})"
        )
    return tables | extra
