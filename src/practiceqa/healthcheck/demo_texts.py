"""The words of the demo's health check: focus group notes, sources of the figures, the
PSW's ratings and the improvement actions."""

from practiceqa.healthcheck.models_intelligence import Measure

FACILITATORS = ("Principal Social Worker", "Practice Development Lead", "Workforce Lead")

NOTES = (
    "Most felt allocation is fair within teams but not between them: the localities with "
    "vacancies carry more complex work.",
    "Several said that duty weeks leave little time for planned visits, and that help from "
    "seniors depends on who is in the office.",
    "Good flow where the hospital team and the locality speak before discharge; poor flow "
    "where a case waits for a panel decision.",
    "The new laptops are valued; the case recording system is slow in the afternoons and "
    "some forms are duplicated.",
    "Interpreters are easy to book; legal advice takes too long for urgent safeguarding.",
    "People value peer support and the team's reflective sessions, less so the monthly "
    "all-staff briefing.",
    "Supervision is regular for most; a few said sessions are cancelled when the team is "
    "short, and that case talk squeezes out reflection.",
    "Staff would like more say in how work is allocated, and a clearer route to raise "
    "concerns about caseload size.",
    "Learning from complaints is shared in team meetings in some teams, not in others.",
    "Few had read the employer standards; most knew where to find them once shown.",
)

DISCUSSION_NOTES = {
    "practice": (
        "Strong commitment to strengths-based practice; the pressure is the number of "
        "reviews overdue, which staff feel they are judged on.",
    ),
    "supervision": (
        "Supervision agreements are in place for most; appraisals were late for a third of "
        "the group, and people did not always see their objectives followed up.",
    ),
    "learning": (
        "Good take-up of the safeguarding and Mental Capacity Act courses; protected time "
        "for self-directed learning is rarely taken.",
    ),
    "careers": (
        "The senior practitioner route is valued; social care professionals asked for a "
        "clear path into qualifying training.",
    ),
    "culture": (
        "Managers are approachable; staff would like their voice heard earlier in changes "
        "to the service, not after decisions are made.",
    ),
    "psw_role": (
        "The practice forums are well regarded; some newer staff did not know what the "
        "Principal Social Worker does or how to reach them.",
    ),
}

SOURCES = {
    Measure.VACANCY: "HR establishment report, Quarter 3",
    Measure.TURNOVER: "HR workforce report, rolling 12 months",
    Measure.SICKNESS: "HR absence report, rolling 12 months",
    Measure.AGENCY: "Agency spend and posts report, February",
}

ASSESSMENTS = {
    "workload": (
        "requires_improvement",
        "Allocation meetings are held weekly in every team and most staff know who to ask "
        "for help.",
        "Caseloads in the localities with vacancies are too high; fewer than half agree "
        "they can meet the demands of their caseload in their hours.",
    ),
    "workflow": (
        "requires_improvement",
        "Hospital discharge and the localities work well together where they plan early.",
        "Cases wait for panel decisions; handovers between teams need a shared standard.",
    ),
    "tools": (
        "good",
        "New equipment has been rolled out, and interpreters and research are easy to get.",
        "The case recording system is slow; urgent legal advice takes too long.",
    ),
    "healthy_workplace": (
        "good",
        "Supervision is regular and valued, and teams support each other well.",
        "Supervision is cancelled when teams are short; appraisals were late for some.",
    ),
    "service_delivery": (
        "good",
        "Most staff say the service achieves good outcomes and would recommend it.",
        "Learning from complaints is not shared in every team.",
    ),
}

IMPROVEMENT_ACTIONS = (
    (
        "workload",
        "Review caseload sizes in the localities with vacancies and agree a maximum for "
        "newly qualified staff",
    ),
    (
        "workflow",
        "Agree a standard for handovers between teams and check it in the next practice "
        "standards audits",
    ),
)
