"""Agreement pages."""

from django.urls import path

from frontend.mou import views

urlpatterns = [
    path("agreements/", views.agreement_list_view, name="agreement_list"),
    path("agreements/new/", views.agreement_create_view, name="agreement_create"),
    path("agreements/export/", views.agreement_export_view, name="agreement_export"),
    path("agreements/<int:agreement_id>/", views.agreement_detail_view, name="agreement_detail"),
    path("agreements/<int:agreement_id>/amend/", views.agreement_amend_view, name="agreement_amend"),
    path("agreements/<int:agreement_id>/status/", views.agreement_status_view, name="agreement_status"),
]
