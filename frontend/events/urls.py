"""Job-matching events: planning, event mode, the attendee export, the ministry's overview."""

from django.urls import path

from frontend.events import views

urlpatterns = [
    path("events/", views.event_list_view, name="event_list"),
    path("events/new/", views.event_create_view, name="event_create"),
    path("events/<int:event_id>/", views.event_detail_view, name="event_detail"),
    path("events/<int:event_id>/edit/", views.event_edit_view, name="event_edit"),
    path("events/<int:event_id>/register/", views.event_register_view, name="event_register"),
    path("events/<int:event_id>/register/check/", views.event_register_check_view, name="event_register_check"),
    path("events/<int:event_id>/seekers/<int:seeker_id>/", views.event_seeker_view, name="event_seeker"),
    path("events/<int:event_id>/attendees.xlsx", views.event_export_view, name="event_export"),
]
