"""The service navigation offers each person only the pages they may open."""

from django.urls import reverse


def test_navigation_offers_only_pages_the_person_may_open(client, people):
    expected = {
        "practitioner": ["My work", "Audits", "Actions", "Caseloads"],
        "supervisor": [
            "My work",
            "Audits",
            "Staff",
            "Teams",
            "Actions",
            "Plan",
            "Compliance",
            "Caseloads",
        ],
        "psw": [
            "My work",
            "Audits",
            "Staff",
            "Teams",
            "Actions",
            "Plan",
            "Compliance",
            "Caseloads",
            "Frameworks",
            "Security",
        ],
        "director": [
            "My work",
            "Audits",
            "Staff",
            "Teams",
            "Actions",
            "Plan",
            "Compliance",
            "Caseloads",
        ],
        "qa_admin": [
            "My work",
            "Audits",
            "Staff",
            "Teams",
            "Actions",
            "Plan",
            "Compliance",
            "Caseloads",
            "Import staff",
            "Import caseloads",
            "Frameworks",
            "Security",
        ],
        "leaver": ["My work"],
    }
    for role, labels in expected.items():
        client.force_login(people[role].user)
        response = client.get(reverse("my-work"))
        assert [item["label"] for item in response.context["navigation"]] == labels, role


def test_the_caseload_import_and_its_mappings_are_in_the_navigation(client, people):
    client.force_login(people["qa_admin"].user)
    for page in ("caseload-import", "caseload-mappings"):
        navigation = client.get(reverse(page)).context["navigation"]
        entry = next(item for item in navigation if item["label"] == "Import caseloads")
        assert entry["url"] == reverse("caseload-import")
        assert entry["active"], page
        assert not next(item for item in navigation if item["label"] == "Caseloads")["active"]
