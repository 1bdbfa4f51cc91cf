"""Background jobs."""

from django.urls import path

from frontend.jobs import views

urlpatterns = [
    path("jobs/<int:job_id>/", views.job_detail_view, name="job_detail"),
    path("jobs/<int:job_id>/progress/", views.job_progress_view, name="job_progress"),
    path("jobs/<int:job_id>/download/", views.job_download_view, name="job_download"),
]
