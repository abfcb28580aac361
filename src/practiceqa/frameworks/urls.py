from django.urls import path

from practiceqa.frameworks import views

urlpatterns = [path("", views.framework_list_view, name="framework-list")]
