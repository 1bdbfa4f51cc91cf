"""How the audit events of notification deliveries read."""

from django.utils.translation import gettext_lazy as _

from notifications.models import Channel, Delivery, DeliveryStatus

AUDIT_ACTIONS = {
    "delivery.resend": _("Delivery queued again by hand"),
    "delivery.requeue_stuck": _("Stuck delivery queued again"),
    "delivery.give_up": _("Stuck delivery marked failed"),
}
MODELS = (Delivery,)
FIELD_LABELS = {
    "attempts": _("Attempts"),
    "requeues": _("Re-queued when stuck"),
    "error": _("Error"),
}
VALUE_LABELS = {
    "channel": dict(Channel.choices),
    "status": dict(DeliveryStatus.choices),
}
