from django.urls import path

from practiceqa.planning import views

urlpatterns = [
    path("", views.plan, name="plan"),
    path("generate/", views.generate, name="plan-generate"),
    path("compliance/", views.compliance_page, name="plan-compliance"),
    path("compliance/items/", views.compliance_drill_down, name="plan-compliance-items"),
    path("compliance/export/", views.compliance_export, name="plan-compliance-export"),
]
