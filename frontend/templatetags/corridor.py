"""Template filters for the web pages: presentation only, no rules."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext

from frontend import labels

register = template.Library()


@register.filter
def action_label(action: str) -> Any:
    return labels.audit_action_label(action)


@register.filter
def job_kind(kind: str) -> Any:
    return labels.job_kind_label(kind)


@register.filter
def changes(event: Any) -> list[labels.Change]:
    """An audit event's changed fields as they read: label, value before, value after (lines each)."""
    return labels.event_changes(event)


@register.filter
def plain_number(value: Any) -> str:
    """A decimal without trailing zeros, in the active language's format: 1.50 → 1.5, 8.30 → 8.3."""
    if value in (None, ""):
        return ""
    try:
        number = Decimal(str(value)).normalize()
    except InvalidOperation:
        return str(value)
    return number_format(number.quantize(Decimal(1)) if number == number.to_integral() else number)


@register.filter
def file_size(value: Any) -> str:
    """A file's size for people, in the active language (Django's filesizeformat has no Khmer)."""
    try:
        size = int(value)
    except (TypeError, ValueError):
        return ""
    if size < 1024:
        return ngettext("%(size)s byte", "%(size)s bytes", size) % {"size": number_format(size)}
    if size < 1024 * 1024:
        return gettext("%(size)s KB") % {"size": number_format(round(size / 1024, 1))}
    return gettext("%(size)s MB") % {"size": number_format(round(size / (1024 * 1024), 1))}


@register.simple_tag(takes_context=True)
def home_panel(context: template.Context, panel: Any) -> str:
    """One panel of the home page (frontend.home.Panel), rendered with its own context and the request's."""
    from django.template.loader import render_to_string

    return render_to_string(panel.template, {**context.flatten(), **panel.context}, request=None)
