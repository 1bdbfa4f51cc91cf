"""Job-seeker pages."""

from django.urls import path

from frontend.jobseekers.views import imports
from frontend.jobseekers.views.counselling import jobseeker_counselling_sheet_view

urlpatterns: list = [
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
