from django.urls import path

from frontend import views, views_demand, views_notifications

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    # Agreements
    path("agreements/", views.agreement_list_view, name="agreement_list"),
    path("agreements/new/", views.agreement_create, name="agreement_create"),
    path("agreements/export/", views.agreement_export, name="agreement_export"),
    path("agreements/<int:agreement_id>/", views.agreement_detail, name="agreement_detail"),
    path("agreements/<int:agreement_id>/amend/", views.agreement_amend_view, name="agreement_amend"),
    path("agreements/<int:agreement_id>/status/", views.agreement_status, name="agreement_status"),
    # Reference data
    path("occupations/", views.occupation_list_view, name="occupation_list"),
    # Users, tokens, audit
    path("administration/", views.administration, name="administration"),
    path("users/", views.user_list_view, name="user_list"),
    path("users/new/", views.user_create_view, name="user_create"),
    path("organisations/new/", views.organisation_edit, name="organisation_create"),
    path("organisations/<int:organisation_id>/", views.organisation_edit, name="organisation_edit"),
    path("users/<int:user_id>/", views.user_detail, name="user_detail"),
    path("tokens/", views.token_list, name="token_list"),
    path("tokens/new/", views.token_create, name="token_create"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("audit/", views.audit_list, name="audit_list"),
    # Background jobs
    path("jobs/<int:job_id>/", views.job_detail, name="job_detail"),
    path("jobs/<int:job_id>/progress/", views.job_progress, name="job_progress"),
    path("jobs/<int:job_id>/download/", views.job_download, name="job_download"),
    # Notifications
    path("notifications/", views_notifications.notification_list_view, name="notification_list"),
    path("notifications/read/", views_notifications.notification_read_all, name="notification_read_all"),
    path("notifications/deliveries/", views_notifications.delivery_problem_list_view, name="delivery_problem_list"),
    path("notifications/deliveries/resend/", views_notifications.delivery_resend_view, name="delivery_resend"),
    path("notifications/<int:notification_id>/", views_notifications.notification_open, name="notification_open"),
    path("notifications/<int:notification_id>/read/", views_notifications.notification_read,
         name="notification_read"),
    # Demand letters: employers, agencies and the ministry's review
    path("demand/", views_demand.demand_list, name="demand_list"),
    path("demand/new/", views_demand.demand_create, name="demand_create"),
    path("demand/profile/", views_demand.employer_profile, name="employer_profile"),
    path("demand/review/", views_demand.demand_review_queue, name="demand_review_queue"),
    path("demand/quotas/", views_demand.demand_quota, name="demand_quota"),
    path("demand/employers/", views_demand.demand_employer_list, name="demand_employer_list"),
    path("demand/employers/<int:organisation_id>/", views_demand.demand_employer_detail,
         name="demand_employer_detail"),
    path("demand/<int:letter_id>/", views_demand.demand_detail, name="demand_detail"),
    path("demand/<int:letter_id>/edit/", views_demand.demand_edit, name="demand_edit"),
    path("demand/<int:letter_id>/check/", views_demand.demand_precheck, name="demand_precheck"),
    path("demand/<int:letter_id>/submit/", views_demand.demand_submit, name="demand_submit"),
    path("demand/<int:letter_id>/review/", views_demand.demand_review, name="demand_review"),
    path("demand/<int:letter_id>/template/", views_demand.demand_template, name="demand_template"),
    path("demand/<int:letter_id>/upload/", views_demand.demand_upload, name="demand_upload"),
    path("demand/<int:letter_id>/import/<int:job_id>/", views_demand.demand_import, name="demand_import"),
    path("demand/<int:letter_id>/import/<int:job_id>/status/", views_demand.demand_import_status,
         name="demand_import_status"),
    path("demand/<int:letter_id>/attachments/<int:attachment_id>/", views_demand.demand_attachment,
         name="demand_attachment"),
]
