"""How the audit events of job-matching events read."""

from django.utils.translation import gettext_lazy as _

from coordination.events.models import EventStatus, MatchingEvent, NoteKind

AUDIT_ACTIONS = {
    "event.create": _("Event planned"),
    "event.update": _("Event changed"),
    "event.open": _("Event started"),
    "event.closed": _("Event closed"),
    "event.cancelled": _("Event cancelled"),
    "event.pre_register": _("Seeker pre-registered for the event"),
    "event.register": _("Seeker registered at the event"),
    "event.check_in": _("Seeker checked in"),
    "event.note": _("Counselling note taken"),
}
MODELS = (MatchingEvent,)
FIELD_LABELS = {
    "seeker": _("Job seeker"),
    "employers": _("Participating employers"),
    "letters": _("Demand presented"),
    "staff": _("Staff"),
}
VALUE_LABELS = {"status": dict(EventStatus.choices), "kind": dict(NoteKind.choices)}
