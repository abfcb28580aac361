"""The service navigation: what each person sees depends on what they may open."""

from practiceqa.core.links import address

AUDIT_PAGES = {
    "audit-list",
    "audit-start",
    "audit-detail",
    "audit-comment",
    "audit-sign-off",
    "audit-amend",
    "audit-history",
    "audit-print",
    "supervision-file",
}


def navigation_for(request) -> list[dict]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    match = getattr(request, "resolver_match", None)
    current = match.url_name if match is not None else None
    entries = [("My work", "my-work", {"my-work"})]
    if user.has_perm("audits.view_audit_list"):
        entries.append(("Audits", "audit-list", AUDIT_PAGES))
    if user.has_perm("org.view_staff_directory"):
        staff_pages = {
            "staff-list",
            "staff-detail",
            "staff-history",
            "staff-invite",
            "email-changes",
        }
        entries.append(("Staff", "staff-list", staff_pages))
    if user.has_perm("org.view_team_list"):
        entries.append(("Teams", "team-list", {"team-list", "team-detail", "team-history"}))
    if user.has_perm("actions.view_my_actions"):
        action_pages = {"action-list", "action-create", "action-detail"}
        entries.append(("Actions", "action-list", action_pages))
    if user.has_perm("planning.view_plan"):
        plan_pages = {"plan", "plan-generate", "plan-item", "plan-item-start", "plan-item-done"}
        entries.append(("Plan", "plan", plan_pages))
    if user.has_perm("planning.view_compliance"):
        compliance_pages = {"plan-compliance", "plan-compliance-items"}
        entries.append(("Compliance", "plan-compliance", compliance_pages))
    caseload_pages = {"caseload-snapshots", "caseload-snapshot", "caseload-published"}
    if user.has_perm("caseloads.view_figures"):
        entries.append(("Caseloads", "caseload-snapshots", caseload_pages))
    elif user.has_perm("caseloads.view_published"):
        entries.append(("Caseloads", "caseload-published", caseload_pages))
    if user.has_perm("org.import_staff"):
        entries.append(("Import staff", "staff-import", {"staff-import", "staff-import-detail"}))
    if user.has_perm("caseloads.import_snapshot"):
        import_pages = {
            "caseload-import",
            "caseload-import-detail",
            "caseload-mappings",
            "caseload-mapping-columns",
            "caseload-mapping-details",
        }
        entries.append(("Import caseloads", "caseload-import", import_pages))
    if user.has_perm("frameworks.view_frameworks"):
        entries.append(("Frameworks", "framework-list", {"framework-list"}))
    if user.has_perm("core.view_access_records"):
        entries.append(("Security", "access-records", {"access-records"}))
    return [
        {"label": label, "url": address(name), "active": current in names}
        for label, name, names in entries
    ]
