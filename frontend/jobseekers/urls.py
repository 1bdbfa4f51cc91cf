"""Job-seeker pages."""

from django.urls import path

from frontend.jobseekers.views.counselling import jobseeker_counselling_sheet_view

urlpatterns: list = [
    path("jobseekers/<int:pk>/counselling/<int:agreement_id>/", jobseeker_counselling_sheet_view,
         name="jobseeker_counselling_sheet"),
]
