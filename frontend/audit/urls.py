"""The audit trail."""

from django.urls import path

from frontend.audit import views

urlpatterns = [
    path("audit/", views.audit_list_view, name="audit_list"),
]
