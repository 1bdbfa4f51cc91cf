"""Notifications and their deliveries."""

from django.urls import path

from frontend.notifications import views

urlpatterns = [
    path("notifications/", views.notification_list_view, name="notification_list"),
    path("notifications/read/", views.notification_read_all_view, name="notification_read_all"),
    path("notifications/deliveries/", views.delivery_problem_list_view, name="delivery_problem_list"),
    path("notifications/deliveries/resend/", views.delivery_resend_view, name="delivery_resend"),
    path("notifications/<int:notification_id>/", views.notification_open_view, name="notification_open"),
    path("notifications/<int:notification_id>/read/", views.notification_read_view, name="notification_read"),
]
