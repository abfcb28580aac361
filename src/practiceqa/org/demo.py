"""A realistic, generated council for demos, browser tests and benchmarks.

The same generator makes the 150-person demo council of `make run` and the 5,000-person
council of the import benchmark; everything goes through the real staff import, and the
demo's annual plan through the real plan generation (`planning/demo.py`).
"""

import csv
import datetime
import io
import random
from dataclasses import dataclass

from practiceqa.org.services.staff_file import REQUIRED_COLUMNS

FIRST_NAMES = [
    "Aisha",
    "Amir",
    "Amy",
    "Andrew",
    "Anita",
    "Ben",
    "Bethany",
    "Carl",
    "Charlotte",
    "Chloe",
    "Daniel",
    "David",
    "Deepa",
    "Dylan",
    "Eleanor",
    "Emily",
    "Fatima",
    "Femi",
    "Gemma",
    "George",
    "Grace",
    "Hannah",
    "Harpreet",
    "Harry",
    "Imran",
    "Isla",
    "Jack",
    "James",
    "Jasmine",
    "Jessica",
    "Joanne",
    "John",
    "Joseph",
    "Karen",
    "Katie",
    "Kwame",
    "Laura",
    "Leah",
    "Liam",
    "Lucy",
    "Mark",
    "Mary",
    "Megan",
    "Michael",
    "Mohammed",
    "Natalie",
    "Nadia",
    "Neil",
    "Olivia",
    "Oliver",
    "Paul",
    "Priya",
    "Rachel",
    "Rebecca",
    "Richard",
    "Rosa",
    "Ruth",
    "Ryan",
    "Samira",
    "Sarah",
    "Simon",
    "Sophie",
    "Stephen",
    "Tariq",
    "Thomas",
    "Tom",
    "Victoria",
    "William",
    "Yasmin",
    "Zoe",
]
SURNAMES = [
    "Adams",
    "Ahmed",
    "Ali",
    "Allen",
    "Bailey",
    "Baker",
    "Bennett",
    "Brown",
    "Campbell",
    "Chapman",
    "Clarke",
    "Collins",
    "Cooper",
    "Davies",
    "Edwards",
    "Evans",
    "Fisher",
    "Green",
    "Hall",
    "Harris",
    "Hughes",
    "Hussain",
    "Jackson",
    "James",
    "Johnson",
    "Jones",
    "Kaur",
    "Khan",
    "King",
    "Lewis",
    "Martin",
    "Mason",
    "Mitchell",
    "Moore",
    "Morgan",
    "Murphy",
    "Nowak",
    "Okafor",
    "Owen",
    "Palmer",
    "Parker",
    "Patel",
    "Phillips",
    "Price",
    "Roberts",
    "Robinson",
    "Rogers",
    "Scott",
    "Shah",
    "Singh",
    "Smith",
    "Stewart",
    "Taylor",
    "Thomas",
    "Thompson",
    "Turner",
    "Walker",
    "Ward",
    "Watson",
    "White",
    "Williams",
    "Wilson",
    "Wood",
    "Wright",
    "Young",
]
SERVICES = {
    "Localities and Social Work": [
        "Central Locality",
        "North East Locality",
        "South Locality",
        "West Locality",
    ],
    "Specialist Services": [
        "Learning Disability Team",
        "Mental Health Social Work",
        "Hospital Discharge Team",
        "Adult Safeguarding Team",
    ],
    "Therapy and Reablement": [
        "Occupational Therapy North",
        "Occupational Therapy South",
        "Reablement Team",
        "Sensory Support Team",
    ],
}
DEMO_PASSWORD = "demo-practice-qa"


@dataclass
class DemoCouncil:
    rows: list[dict]
    logins: dict[str, str]  # label -> email


def _date(rng: random.Random, start_year: int, end_year: int) -> datetime.date:
    first = datetime.date(start_year, 1, 1).toordinal()
    last = datetime.date(end_year, 12, 31).toordinal()
    return datetime.date.fromordinal(rng.randint(first, last))


def generate_council(
    *,
    practitioners_per_team: int = 9,
    teams_per_service: int = 4,
    services: int = 3,
    seed: int = 2017,
    domain: str = "council.example",
) -> DemoCouncil:
    """Everyone from the director down, with supervision and line management filled in."""
    rng = random.Random(seed)
    rows: list[dict] = []
    used_emails: set[str] = set()
    counter = 0

    def person(
        *,
        title,
        profession,
        role,
        team,
        service,
        supervisor="",
        line_manager="",
        since=(2005, 2024),
    ) -> dict:
        nonlocal counter
        counter += 1
        first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        local = f"{first}.{last}".lower()
        email, n = f"{local}@{domain}", 1
        while email in used_emails:
            n += 1
            email = f"{local}{n}@{domain}"
        used_emails.add(email)
        row = {
            "staff_id": f"E{counter:05d}",
            "full_name": f"{first} {last}",
            "email": email,
            "job_title": title,
            "profession": profession,
            "role": role,
            "team": team,
            "service": service,
            "fte": rng.choice(["1.0", "1.0", "1.0", "0.8", "0.6"]),
            "start_date": _date(rng, *since).isoformat(),
            "end_date": "",
            "supervisor_staff_id": supervisor,
            "line_manager_staff_id": line_manager,
        }
        rows.append(row)
        return row

    service_items = list(SERVICES.items())
    directorate = "Directorate"
    director = person(
        title="Director of Adult Services",
        profession="manager",
        role="director",
        team="Adult Social Care Management Team",
        service=directorate,
        since=(2005, 2012),
    )
    psw = person(
        title="Principal Social Worker",
        profession="social worker",
        role="principal social worker",
        team="Practice Development",
        service=directorate,
        supervisor=director["staff_id"],
        line_manager=director["staff_id"],
        since=(2008, 2015),
    )
    qa_admin = person(
        title="Quality Assurance Officer",
        profession="other",
        role="qa administrator",
        team="Practice Development",
        service=directorate,
        supervisor=psw["staff_id"],
        line_manager=psw["staff_id"],
    )
    logins = {
        "Director": director["email"],
        "Principal Social Worker": psw["email"],
        "QA administrator": qa_admin["email"],
    }

    for s in range(services):
        base_name, base_teams = service_items[s % len(service_items)]
        service_name = base_name if s < len(service_items) else f"{base_name} {s + 1}"
        therapy = "Therapy" in base_name
        head = person(
            title=f"Head of Service, {service_name}",
            profession="manager",
            role="head of service",
            team=base_teams[0],
            service=service_name,
            supervisor=director["staff_id"],
            line_manager=director["staff_id"],
            since=(2005, 2015),
        )
        logins.setdefault("Head of service", head["email"])
        for t in range(teams_per_service):
            team_name = base_teams[t % len(base_teams)]
            if t >= len(base_teams):
                team_name = f"{team_name} {t // len(base_teams) + 1}"
            profession = "occupational therapist" if therapy else "social worker"
            manager = person(
                title="Team Manager",
                profession="manager",
                role="team manager",
                team=team_name,
                service=service_name,
                supervisor=head["staff_id"],
                line_manager=head["staff_id"],
                since=(2006, 2018),
            )
            seniors = [
                person(
                    title=("Senior Occupational Therapist" if therapy else "Senior Social Worker"),
                    profession=profession,
                    role="practitioner",
                    team=team_name,
                    service=service_name,
                    supervisor=manager["staff_id"],
                    line_manager=manager["staff_id"],
                    since=(2008, 2020),
                )
                for _ in range(2)
            ]
            logins.setdefault("Team manager (line manager of supervisors)", manager["email"])
            logins.setdefault("Supervisor (senior practitioner)", seniors[0]["email"])
            for p in range(practitioners_per_team):
                supervisor = seniors[p % 2] if p < practitioners_per_team - 1 else manager
                if therapy:
                    kind = rng.choice(["occupational therapist"] * 3 + ["social care professional"])
                else:
                    kind = rng.choice(["social worker"] * 3 + ["social care professional"])
                title = {
                    "social worker": "Social Worker",
                    "occupational therapist": "Occupational Therapist",
                    "social care professional": "Social Care Professional",
                }[kind]
                practitioner = person(
                    title=title,
                    profession=kind,
                    role="practitioner",
                    team=team_name,
                    service=service_name,
                    supervisor=supervisor["staff_id"],
                    line_manager=manager["staff_id"],
                    since=(2010, 2025),
                )
                logins.setdefault("Practitioner", practitioner["email"])
    return DemoCouncil(rows=rows, logins=logins)


def rows_to_csv(rows: list[dict], extra_columns: tuple[str, ...] = ()) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(
        out,
        fieldnames=[*REQUIRED_COLUMNS, *extra_columns],
        extrasaction="ignore",
        lineterminator="\n",
    )
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def later_changes(council: DemoCouncil, *, on: datetime.date, seed: int = 2018) -> list[dict]:
    """A second HR export some months on: two leavers, supervisor changes and a joiner."""
    rng = random.Random(seed)
    rows = [dict(row, effective_date="") for row in council.rows]
    demo_emails = set(council.logins.values())
    practitioners = [
        r
        for r in rows
        if r["role"] == "practitioner"
        and r["email"] not in demo_emails
        and not any(o["supervisor_staff_id"] == r["staff_id"] for o in rows)
    ]
    leavers = rng.sample(practitioners, 2)
    for leaver in leavers:
        leaver["end_date"] = (on - datetime.timedelta(days=rng.randint(20, 60))).isoformat()
    movers = rng.sample([p for p in practitioners if p not in leavers], 3)
    for mover in movers:
        colleagues = [
            r
            for r in rows
            if r["team"] == mover["team"]
            and r["role"] == "practitioner"
            and r["staff_id"] != mover["supervisor_staff_id"]
            and any(o["supervisor_staff_id"] == r["staff_id"] for o in rows)
        ]
        if colleagues:
            mover["supervisor_staff_id"] = colleagues[0]["staff_id"]
            mover["effective_date"] = (on - datetime.timedelta(days=rng.randint(5, 40))).isoformat()
    joiner_template = movers[0]
    rows.append(
        dict(
            joiner_template,
            staff_id="E09001",
            full_name="Morgan Ellis",
            email="morgan.ellis@council.example",
            job_title="Social Worker",
            start_date=(on - datetime.timedelta(days=14)).isoformat(),
            end_date="",
            effective_date="",
        )
    )
    return rows
