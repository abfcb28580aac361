from django.urls import path

from practiceqa.accounts import views

urlpatterns = [
    path("account/sessions/", views.my_sessions, name="my-sessions"),
    path("confirm-sign-in/", views.confirm_sign_in, name="confirm-sign-in"),
    path("security/records/", views.access_records, name="access-records"),
]
