from django.contrib import admin

from notifications.models import Delivery, Notification


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    fields = ("channel", "status", "address", "attempts", "claimed_at", "sent_at", "error")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "kind", "title", "read_at")
    list_filter = ("kind",)
    search_fields = ("title", "user__username", "kind")
    list_select_related = ("user",)
    readonly_fields = ("user", "kind", "title", "body", "link", "target_type", "target_id", "target_label",
                       "created_at", "read_at")
    inlines = [DeliveryInline]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "key", "channel", "status", "address", "attempts", "sent_at")
    list_filter = ("channel", "status")
    search_fields = ("key", "address", "notification__user__username")
    readonly_fields = ("notification", "channel", "key", "status", "address", "attempts", "created_at",
                       "claimed_at", "sent_at", "error")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
