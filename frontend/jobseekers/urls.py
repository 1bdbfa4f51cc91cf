"""Job-seeker pages."""

from django.urls import path

from frontend.jobseekers.views import imports, merge, profile, registry, vetting
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
    path("jobseekers/<int:seeker_id>/vetting/", vetting.jobseeker_vetting_view, name="jobseeker_vetting"),
    path("jobseekers/<int:seeker_id>/roster/<int:agreement_id>/", vetting.jobseeker_roster_enter_view,
         name="jobseeker_roster_enter"),
    path("jobseekers/<int:seeker_id>/export/", profile.jobseeker_subject_export_view,
         name="jobseeker_subject_export"),
    path("jobseekers/<int:seeker_id>/merge/", merge.jobseeker_merge_view, name="jobseeker_merge"),
    path("jobseekers/<int:seeker_id>/distinct/", merge.jobseeker_confirm_distinct_view,
         name="jobseeker_confirm_distinct"),
    path("jobseekers/<int:pk>/counselling/<int:agreement_id>/", jobseeker_counselling_sheet_view,
         name="jobseeker_counselling_sheet"),
    path("jobseekers/import/", imports.jobseeker_import_view, name="jobseeker_import"),
    path("jobseekers/import/template/", imports.jobseeker_import_template_view, name="jobseeker_import_template"),
    path("jobseekers/import/<int:job_id>/", imports.jobseeker_import_job_view, name="jobseeker_import_job"),
    path("jobseekers/import/<int:job_id>/status/", imports.jobseeker_import_status_view,
         name="jobseeker_import_status"),
    path("jobseekers/import/<int:job_id>/report/", imports.jobseeker_import_report_view,
         name="jobseeker_import_report"),
]
