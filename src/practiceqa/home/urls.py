from django.urls import path

from practiceqa.home import views

urlpatterns = [path("my-work/", views.my_work, name="my-work")]
