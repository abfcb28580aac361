from django.urls import path

from practiceqa.planning import views, views_items, views_leads

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
    path("without-lead/", views_leads.without_lead, name="plan-without-lead"),
    path("compliance/", views.compliance_page, name="plan-compliance"),
    path("compliance/items/", views.compliance_drill_down, name="plan-compliance-items"),
    path("compliance/export/", views.compliance_export, name="plan-compliance-export"),
]
