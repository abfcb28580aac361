"""What the demo's caseload audit says (see `caseloads.demo` and `planning.demo_caseload`):
the heads of service's commentary on their service's figures, the Principal Social Worker's
analysis and parity across teams, and the actions they raise."""

# Each head of service's commentary, by the name of their service (any other: GENERAL).
COMMENTARY = {
    "Localities and Social Work": (
        "Caseloads in the localities are highest in Central and North East, where two "
        "vacancies were covered by agency staff for most of the quarter. Newly qualified "
        "social workers in their assessed year are held at a protected caseload; the "
        "higher figures sit with experienced social workers carrying complex cases. "
        "Unallocated work is reviewed weekly at allocation meetings and risk-rated.",
        "The locality teams' figures have risen since the spring, mostly in reviews that "
        "came due together after the hospital discharge surge. Team managers are "
        "reviewing every caseload above the amber threshold in supervision this month, "
        "and the two overdue reviews of longest standing have been allocated.",
    ),
    "Specialist Services": (
        "The specialist teams hold fewer but more complex cases: the weighted load is a "
        "better guide here than the count. Where a worker is above the red threshold it "
        "has been agreed as temporary, while a colleague returns from leave. Unallocated "
        "cases are screened weekly and risk-rated.",
        "Learning Disability caseloads are steady; the transitions cases from children's "
        "services arrive in the autumn and explain the rise. Reviews are booked for the "
        "cases waiting longest.",
    ),
    "Therapy and Reablement": (
        "Occupational therapists' caseloads are within the thresholds in most teams; the "
        "waiting list for assessments is managed by duty screening, and the longest "
        "waits are for equipment reviews rather than new assessments. Social care "
        "professionals in Reablement carry short episodes, so their counts turn over fast.",
        "Occupational Therapy South has carried a vacancy since the summer; its waiting "
        "cases are screened weekly and urgent ones taken by North. We expect the figures "
        "to ease once the new starter completes induction.",
    ),
}
GENERAL = (
    "The service's caseloads are broadly within the thresholds; the workers above them "
    "are known to their team managers and discussed in supervision, and unallocated "
    "cases are screened and risk-rated at the weekly allocation meeting.",
)

ANALYSIS = (
    "Most practitioners' caseloads are within their profession's threshold, but a sizeable "
    "minority are amber and a few are red, in every service but not in every team. The "
    "complexity-weighted load is higher than the count in the specialist teams, which says "
    "their work is more complex rather than simply more. Unallocated cases are few, but a "
    "small number have waited over 13 weeks, and some annual reviews are overdue in every "
    "service.",
    "Caseloads are much as they were at last year's audit: most workers are within their "
    "threshold, and the mean per FTE of occupational therapists is well within it. Overdue "
    "reviews remain the main pressure, with the longest-waiting unallocated cases now "
    "reviews rather than new referrals.",
)
PARITY = (
    "Workload is not evenly shared: the busiest team's mean per FTE is well above the "
    "quietest's, in the same service and profession. Weighted loads narrow the gap in the "
    "specialist teams, where fewer cases are more complex, but not in the localities. "
    "Social care professionals carry more cases per FTE than social workers in the same "
    "teams.",
    "The gap between teams has narrowed since last year's audit, after cases were "
    "rebalanced between the Central and North East localities. The workers still amber or "
    "red are known to their team managers, who will look at each caseload in supervision.",
)
# The actions from the audit, each for a head of service.
ACTIONS = (
    "Review every caseload above the red threshold with the worker and their supervisor, "
    "and agree a plan to bring it within the threshold",
    "Allocate or risk-assess every case that has waited over 13 weeks, and report the "
    "waiting list to the next Adult Social Care Management Team",
    "Clear the overdue annual reviews, starting with those of longest standing, and agree a "
    "review schedule with each team manager",
    "Rebalance cases between the teams with the highest and lowest caseloads per FTE in "
    "the service",
)
