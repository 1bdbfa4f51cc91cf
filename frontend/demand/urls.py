"""Demand letters: employers, agencies and the ministry's review."""

from django.urls import path

from frontend.demand.views import attache, common, employer, ministry

urlpatterns = [
    path("demand/", common.demand_list_view, name="demand_list"),
    path("demand/new/", employer.demand_create_view, name="demand_create"),
    path("demand/profile/", employer.employer_profile_view, name="employer_profile"),
    path("demand/review/", ministry.demand_review_queue_view, name="demand_review_queue"),
    path("demand/attestation/", attache.demand_attestation_queue_view, name="demand_attestation_queue"),
    path("demand/quotas/", ministry.demand_quota_view, name="demand_quota"),
    path("demand/employers/", ministry.demand_employer_list_view, name="demand_employer_list"),
    path("demand/employers/<int:organisation_id>/", ministry.demand_employer_detail_view,
         name="demand_employer_detail"),
    path("demand/<int:letter_id>/", employer.demand_detail_view, name="demand_detail"),
    path("demand/<int:letter_id>/edit/", employer.demand_edit_view, name="demand_edit"),
    path("demand/<int:letter_id>/check/", employer.demand_precheck_view, name="demand_precheck"),
    path("demand/<int:letter_id>/submit/", employer.demand_submit_view, name="demand_submit"),
    path("demand/<int:letter_id>/review/", ministry.demand_review_view, name="demand_review"),
    path("demand/<int:letter_id>/template/", employer.demand_template_view, name="demand_template"),
    path("demand/<int:letter_id>/upload/", employer.demand_upload_view, name="demand_upload"),
    path("demand/<int:letter_id>/import/<int:job_id>/", employer.demand_import_view, name="demand_import"),
    path("demand/<int:letter_id>/import/<int:job_id>/status/", employer.demand_import_status_view,
         name="demand_import_status"),
    path("demand/<int:letter_id>/attachments/<int:attachment_id>/", common.demand_attachment_view,
         name="demand_attachment"),
]
