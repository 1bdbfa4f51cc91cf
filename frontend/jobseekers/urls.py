"""Job-seeker pages."""

from django.urls import path

from frontend.jobseekers.views import profile, registry
from frontend.jobseekers.views.counselling import jobseeker_counselling_sheet_view

urlpatterns = [
    path("jobseekers/", registry.jobseeker_list_view, name="jobseeker_list"),
    path("jobseekers/new/", registry.jobseeker_register_view, name="jobseeker_register"),
    path("jobseekers/places/", registry.jobseeker_places_view, name="jobseeker_places"),
    path("jobseekers/<int:seeker_id>/", profile.jobseeker_detail_view, name="jobseeker_detail"),
    path("jobseekers/<int:seeker_id>/edit/", registry.jobseeker_edit_view, name="jobseeker_edit"),
    path("jobseekers/<int:seeker_id>/consent/", profile.jobseeker_consent_view, name="jobseeker_consent"),
    path("jobseekers/<int:seeker_id>/consent/withdraw/", profile.jobseeker_consent_withdraw_view,
         name="jobseeker_consent_withdraw"),
    path("jobseekers/<int:seeker_id>/export/", profile.jobseeker_subject_export_view,
         name="jobseeker_subject_export"),
    path("jobseekers/<int:pk>/counselling/<int:agreement_id>/", jobseeker_counselling_sheet_view,
         name="jobseeker_counselling_sheet"),
]
