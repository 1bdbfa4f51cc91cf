"""The shell's pages, and each domain's pages from its own package (frontend/<domain>/urls.py).

URL names are flat and unique across the packages (`demand_detail`, `agreement_list`); a view is named after
its URL with `_view` (`demand_detail_view`), so that it never shadows the service or selector it calls.
"""

from django.urls import include, path

from frontend import views

urlpatterns = [
    path("", views.home_view, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", views.language_switch_view, name="set_language"),
    path("administration/", views.administration_view, name="administration"),
    path("", include("frontend.mou.urls")),
    path("", include("frontend.reference.urls")),
    path("", include("frontend.accounts.urls")),
    path("", include("frontend.audit.urls")),
    path("", include("frontend.jobs.urls")),
    path("", include("frontend.notifications.urls")),
    path("", include("frontend.demand.urls")),
    path("", include("frontend.jobseekers.urls")),
    path("", include("frontend.agencies.urls")),
    path("", include("frontend.events.urls")),
]
