"""Reference-data pages."""

from django.urls import path

from frontend.reference import views

urlpatterns = [
    path("occupations/", views.occupation_list_view, name="occupation_list"),
]
