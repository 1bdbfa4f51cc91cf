"""Read-only admin views of demand data: every change goes through demand.services (audited, with its
rules), so the admin only shows."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from demand.models import (
    Allocation,
    Attachment,
    DemandLetter,
    EmployerProfile,
    Finding,
    Position,
    QuotaDraw,
    QuotaUse,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(EmployerProfile)
class EmployerProfileAdmin(ReadOnlyAdmin):
    list_display = ("legal_name", "organisation", "sector", "accreditation", "accredited_until", "banned_until")
    list_filter = ("accreditation",)
    search_fields = ("legal_name", "registration_number", "organisation__name")
    list_select_related = ("organisation", "sector")


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ("kind", "original_name", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields


class FindingInline(ReadOnlyInline):
    model = Finding
    fields = ("position", "rule", "severity", "clause", "message_en")
    readonly_fields = fields


class AllocationInline(ReadOnlyInline):
    model = Allocation
    fields = ("agency", "workers", "filled", "created_by", "created_at")
    readonly_fields = fields


class QuotaDrawInline(ReadOnlyInline):
    model = QuotaDraw
    fields = ("quota_use", "workers", "returned")
    readonly_fields = fields


@admin.register(DemandLetter)
class DemandLetterAdmin(ReadOnlyAdmin):
    list_display = ("reference", "employer", "agreement", "status", "submitted_at", "review_due")
    list_filter = ("status", "agreement")
    search_fields = ("reference", "employer__name")
    list_select_related = ("employer", "agreement")
    date_hierarchy = "created_at"
    inlines = (AttachmentInline, FindingInline, AllocationInline, QuotaDrawInline)


@admin.register(Position)
class PositionAdmin(ReadOnlyAdmin):
    list_display = ("letter", "line", "occupation", "sector", "workers", "wage_amount", "wage_currency",
                    "wage_period")
    search_fields = ("letter__reference",)
    list_select_related = ("letter", "occupation", "sector", "wage_currency")


@admin.register(QuotaUse)
class QuotaUseAdmin(ReadOnlyAdmin):
    list_display = ("agreement", "year", "sector", "occupation", "approved", "allocated", "used")
    list_filter = ("year", "agreement")
    list_select_related = ("agreement", "sector", "occupation")
