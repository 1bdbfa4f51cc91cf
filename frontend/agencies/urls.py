"""Agency pages: the ministry's supervision and an agency's own profile."""

from django.urls import path

from frontend.agencies import views

urlpatterns = [
    path("agencies/", views.agency_list_view, name="agency_list"),
    path("agencies/mine/", views.agency_own_profile_view, name="agency_own_profile"),
    path("agencies/<int:organisation_id>/", views.agency_detail_view, name="agency_detail"),
]
