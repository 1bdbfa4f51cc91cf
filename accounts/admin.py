from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import ApiToken, Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "country", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "licence_number")
    autocomplete_fields = ("country",)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "organisation", "role", "is_active", "is_superuser")
    list_filter = ("role", "is_active", "is_superuser", "organisation__kind")
    list_select_related = ("organisation",)
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Corridor", {"fields": ("organisation", "role", "phone")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        ("Corridor", {"fields": ("organisation", "role")}),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "hint", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("digest", "hint", "created_at", "last_used_at")
    list_select_related = ("user",)
