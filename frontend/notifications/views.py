"""The notifications pages: every signed-in person sees their own, and only their own; ministry
administrators also see failed and stuck e-mail/SMS deliveries and send them again."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accounts import permissions
from frontend.notifications.forms import DeliveryFilterForm
from frontend.paging import PAGE_SIZE
from notifications.models import Notification
from notifications.selectors import delivery_problem_list, notification_list, stuck_cutoff, unread_count
from notifications.services import delivery_resend, notification_mark_all_read, notification_mark_read


def _back_to_list(request: HttpRequest) -> HttpResponseRedirect:
    """Back to the page of the list the form was on (only ever a notifications URL on this site)."""
    target = request.POST.get("next", "")
    if target.startswith(reverse("notification_list")) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("notification_list")


@login_required
@require_GET
def notification_list_view(request: HttpRequest) -> HttpResponse:
    actor = request.user
    permissions.require(permissions.is_signed_in(actor))
    unread_only = request.GET.get("show") == "unread"
    page = Paginator(notification_list(actor=actor, unread_only=unread_only), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/list.html", {
        "page": page, "unread_only": unread_only, "unread": unread_count(actor=actor),
    })


@login_required
@require_GET
def notification_open_view(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Follow a notification's link, marking it read on the way."""
    try:
        notification = notification_mark_read(actor=request.user, notification_id=notification_id)
    except Notification.DoesNotExist:
        raise Http404 from None
    link = notification.link
    # notify() accepts only paths on this site; checked again here for rows written any other way.
    if link.startswith("/") and not link.startswith("//") and url_has_allowed_host_and_scheme(link, None):
        return redirect(link)
    return redirect("notification_list")


@login_required
@require_POST
def notification_read_view(request: HttpRequest, notification_id: int) -> HttpResponse:
    try:
        notification = notification_mark_read(actor=request.user, notification_id=notification_id)
    except Notification.DoesNotExist:
        raise Http404 from None
    messages.success(request, _("“%(title)s” is marked as read.") % {"title": notification.title_text})
    return _back_to_list(request)


@login_required
@require_POST
def notification_read_all_view(request: HttpRequest) -> HttpResponse:
    changed = notification_mark_all_read(actor=request.user)
    if changed:
        messages.success(request, ngettext(
            "%(count)s notification is marked as read.", "%(count)s notifications are marked as read.", changed
        ) % {"count": changed})
    else:
        messages.info(request, _("You have no unread notifications."))
    return _back_to_list(request)


# ---------------------------------------------------------------------------------------------------
# Failed and stuck deliveries (ministry administrators)


@login_required
@require_GET
def delivery_problem_list_view(request: HttpRequest) -> HttpResponse:
    actor = request.user
    permissions.require(permissions.can_resend_deliveries(actor))
    form = DeliveryFilterForm(request.GET or None)
    channel = form.cleaned_data.get("channel", "") if form.is_valid() else ""
    page = Paginator(delivery_problem_list(actor=actor, channel=channel), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/deliveries.html", {
        "form": form, "page": page, "channel": channel, "stuck_before": stuck_cutoff(),
        "stuck_minutes": settings.NOTIFICATION_STUCK_MINUTES,
    })


@login_required
@require_POST
def delivery_resend_view(request: HttpRequest) -> HttpResponse:
    """Send one delivery again (the row's button) or every selected one."""
    actor = request.user
    permissions.require(permissions.can_resend_deliveries(actor))
    one = request.POST.get("one", "")
    raw = [one] if one else request.POST.getlist("selected")
    ids = [int(value) for value in raw if value.isdigit()]
    if not ids:
        messages.info(request, _("Choose the deliveries to send again."))
    else:
        result = delivery_resend(actor=actor, delivery_ids=ids)
        if result.requeued:
            messages.success(request, ngettext(
                "%(count)s delivery is queued to be sent again.", "%(count)s deliveries are queued to be sent again.",
                len(result.requeued)) % {"count": len(result.requeued)})
        for delivery_id, why in result.refused.items():
            messages.error(request, _("Delivery %(id)s was not queued again: %(why)s") % {
                "id": delivery_id, "why": why})
    target = request.POST.get("next", "")
    if target.startswith(reverse("delivery_problem_list")) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("delivery_problem_list")
