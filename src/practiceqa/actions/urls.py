from django.urls import path

from practiceqa.actions import views

urlpatterns = [
    path("", views.action_list, name="action-list"),
    path("new/", views.action_create, name="action-create"),
    path("<int:pk>/", views.action_detail, name="action-detail"),
]
