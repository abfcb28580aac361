from django.urls import path

from practiceqa.planning import views, views_caseload, views_items, views_leads

urlpatterns = [
    path("", views.plan, name="plan"),
    path("generate/", views.generate, name="plan-generate"),
    path("items/<int:pk>/", views_items.plan_item_detail, name="plan-item"),
    path("items/<int:pk>/start/", views_items.plan_item_start, name="plan-item-start"),
    path("items/<int:pk>/done/", views_items.plan_item_done, name="plan-item-done"),
    path("items/<int:pk>/lead/", views_leads.plan_item_lead, name="plan-item-lead"),
    path(
        "items/<int:pk>/take-over/",
        views_leads.plan_item_take_over_view,
        name="plan-item-take-over",
    ),
    path(
        "items/<int:pk>/caseload-audit/",
        views_caseload.caseload_audit,
        name="plan-caseload-audit",
    ),
    path(
        "items/<int:pk>/caseload-audit/commentary/",
        views_caseload.caseload_commentary,
        name="plan-caseload-commentary",
    ),
    path(
        "items/<int:pk>/caseload-audit/analysis/",
        views_caseload.caseload_analysis,
        name="plan-caseload-analysis",
    ),
    path(
        "items/<int:pk>/caseload-audit/action/",
        views_caseload.caseload_action,
        name="plan-caseload-action",
    ),
    path(
        "items/<int:pk>/caseload-audit/done/",
        views_caseload.caseload_done,
        name="plan-caseload-done",
    ),
    path("without-lead/", views_leads.without_lead, name="plan-without-lead"),
    path("compliance/", views.compliance_page, name="plan-compliance"),
    path("compliance/items/", views.compliance_drill_down, name="plan-compliance-items"),
    path("compliance/export/", views.compliance_export, name="plan-compliance-export"),
]
