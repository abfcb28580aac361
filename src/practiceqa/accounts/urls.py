from django.urls import path

from practiceqa.accounts import views, views_sso, views_two_factor

urlpatterns = [
    path("account/sessions/", views.my_sessions, name="my-sessions"),
    path("sign-in/sso/", views_sso.SingleSignOnStart.as_view(), name="sso-start"),
    path("sign-in/sso/callback/", views_sso.SingleSignOnCallback.as_view(), name="sso-callback"),
    path("sign-in/sso/refused/", views_sso.sso_refused, name="sso-refused"),
    path(
        "staff/<int:pk>/single-sign-on/unlink/",
        views_sso.provider_unlink_view,
        name="sso-unlink",
    ),
    path("sign-out/", views_sso.SignOut.as_view(), name="sign-out"),
    path("confirm-sign-in/", views.confirm_sign_in, name="confirm-sign-in"),
    path("security/records/", views.access_records, name="access-records"),
    path("two-factor/", views_two_factor.second_factor, name="two-factor"),
    path("two-factor/set-up/", views_two_factor.second_factor_setup, name="two-factor-setup"),
    path(
        "staff/<int:pk>/two-factor/reset/",
        views_two_factor.second_factor_reset_view,
        name="two-factor-reset",
    ),
]
