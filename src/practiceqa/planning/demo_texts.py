"""What the demo's people write: comments, narratives, reflections, replies, actions.

Plain phrases, chosen with the demo's seeded random generator. Nothing here names a person
who receives care: cases are referred to by their identifier only.
"""

NARRATIVE = {
    "high": [
        "The record tells the person's story in their own words and is easy to follow.",
        "Clear, strengths-based analysis; the person's wishes are recorded throughout.",
        "Excellent evidence of working alongside the person and their family.",
        "Decisions are explained and the rationale is recorded at each stage.",
    ],
    "middle": [
        "The record is sound; some decisions would benefit from a fuller rationale.",
        "Good evidence overall, though the person's own words are quoted only once.",
        "Risks are identified and managed; the plan could say more about review dates.",
        "Carers were consulted; their views are summarised rather than recorded.",
    ],
    "low": [
        "The record does not yet show how the person was involved in the decision.",
        "Key contacts are missing from the chronology, so the story is hard to follow.",
        "The analysis of risk is brief and does not show what was weighed.",
        "No evidence that advocacy was considered where it was needed.",
    ],
}
GOOD_ABOUT_CASE = [
    "A warm, respectful relationship with the person, evident throughout the record.",
    "Creative use of community resources that kept the person at home.",
    "Thorough, well-evidenced mental capacity assessment.",
    "Timely, well-coordinated work with health colleagues.",
]
ACTION_PLAN = [
    "Update the chronology and record the rationale for the most recent decision.",
    "Discuss recording of the person's views at the next supervision.",
    "Complete the outstanding carer's assessment and record the outcome.",
    "Attend the recording standards workshop this quarter.",
]
SUPERVISION_COMMENT = {
    "partly": [
        "In place but not reviewed in the last year.",
        "Mostly, with one gap of two months over the summer.",
        "Some records show it; others are brief.",
    ],
    "no": [
        "Not evident in the records sampled.",
        "No record of this in the sample looked at.",
    ],
}
SUPERVISION_GENERAL = [
    "Supervision is regular and reflective; records are clear and kept on the file.",
    "A supportive supervisor; records would benefit from more case decisions.",
    "Good practice is recognised; learning opportunities could be planned further ahead.",
]
SUPERVISION_ACTIONS = [
    "Review and re-sign supervision agreements with each supervisee.",
    "Record case decisions on the case record after each session.",
]
OBSERVATION = {
    "background": [
        "A review of a care and support plan after a short stay in hospital.",
        "A first assessment visit following a referral from the GP.",
        "A carer's assessment with the person's daughter, at her request.",
        "A best interests meeting about a move to supported living.",
    ],
    "planning": [
        "Read the hospital discharge notes and agreed the visit time with the person.",
        "Spoke to the referrer and checked the records for previous involvement.",
        "Arranged an interpreter and planned questions around what matters to the person.",
    ],
    "setting": [
        "The person's home",
        "A day centre meeting room",
        "A hospital ward",
        "By telephone from the office",
    ],
    "capability": [
        "Put the person at ease and kept the conversation on what matters to them.",
        "Clear explanation of the options, checking understanding throughout.",
        "Managed a difficult conversation about risk with sensitivity and honesty.",
        "Good use of open questions; could summarise agreed actions at the end.",
    ],
    "person_feedback": [
        "She listened to me and didn't rush. I knew what would happen next.",
        "He explained everything clearly and my son felt included.",
        "Nice to be asked what I wanted rather than told.",
    ],
    "reflections": [
        "I felt the visit went well; I would bring written information next time.",
        "I was aware of time pressure and want to leave more space for questions.",
        "Using the person's own words in the plan helped them feel heard.",
    ],
    "critical_reflection": [
        "The feedback matches my sense of the visit. I will work on summarising actions.",
        "I will use the strengths-based conversation guide in my next assessments.",
        "I have booked onto the risk enablement training as we discussed.",
    ],
}
OBSERVATION_ACTION_PLAN = [
    "Shadow a senior colleague on two complex visits.",
    "Agree a written summary of actions with the person at the end of each visit.",
]
GENERIC_TEXT = [
    "Discussed in supervision and agreed.",
    "As recorded on the case file.",
]
EVIDENCE = [
    "See the case notes of the last review, where the person's wishes are recorded.",
    "The carer's assessment is on the file under documents.",
    "Advocacy was offered and declined; recorded in the case notes.",
]
REPLIES = {
    "agree": [
        "Thank you, this is a fair reflection. I will pick up the actions with you.",
        "I agree with the findings and found the feedback useful.",
        "Thanks for the positive feedback; the family were keen to be involved.",
    ],
    "disagree": [
        "I think the rationale was recorded in the case notes of the second visit.",
        "The carer's views are in the carer's assessment, which the audit did not look at.",
    ],
}
PROGRESS_NOTES = [
    "Started: discussed at supervision and dates agreed.",
    "Half done; the rest is planned for next month.",
    "Waiting on a training date from the workforce team.",
]
CLOSE_EVIDENCE = [
    "Done and checked at supervision.",
    "Completed; the updated record is on the case file.",
    "Attended the workshop; notes are on the supervision file.",
]
CANCEL_REASONS = ["No longer needed: the case has closed.", "Covered by a team-wide action."]
RECORD_LOCATIONS = ["Supervision file (case management system)", "Team supervision folder"]
