"""Users, organisations and API tokens."""

from django.urls import path

from frontend.accounts import views

urlpatterns = [
    path("users/", views.user_list_view, name="user_list"),
    path("users/new/", views.user_create_view, name="user_create"),
    path("organisations/new/", views.organisation_edit_view, name="organisation_create"),
    path("organisations/<int:organisation_id>/", views.organisation_edit_view, name="organisation_edit"),
    path("users/<int:user_id>/", views.user_detail_view, name="user_detail"),
    path("tokens/", views.token_list_view, name="token_list"),
    path("tokens/new/", views.token_create_view, name="token_create"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke_view, name="token_revoke"),
]
