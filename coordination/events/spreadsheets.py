"""The attendee list of an event as a workbook: styled, Khmer-safe (a font with Khmer glyphs), identifiers as the
exporting actor may see them (coordination.jobseekers.selectors.seeker_identifiers), check-in times in local time
(spreadsheets.cells), the export audited."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from accounts.permissions import require
from coordination.events import permissions as perms
from coordination.events.models import MatchingEvent
from coordination.events.selectors import attendance_list
from coordination.jobseekers.selectors import seeker_identifiers
from coordination.jobseekers.services import personal_data_export_record
from spreadsheets.cells import DATE_FORMAT, DATETIME_FORMAT, append_row

FONT = "Khmer OS Siemreap"


def attendees_workbook(*, actor: Any, event: MatchingEvent) -> bytes:
    require(perms.can_work(actor, event) or perms.can_see_overview(actor))
    book = Workbook()
    sheet = book.active
    sheet.title = _("Attendees")[:31]
    headers = [_("Name in Latin letters"), _("Name in Khmer script"), _("Sex"), _("Date of birth"),
               _("National ID number"), _("Phone"), _("Province"), _("Job centre"), _("Pre-registered"),
               _("Registered at the event"), _("Checked in at")]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(name=FONT, bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    yes, no = _("Yes"), _("No")
    rows = 0
    for attendance in attendance_list(actor=actor, event=event):
        seeker = attendance.seeker
        ids = seeker_identifiers(actor=actor, seeker=seeker, readable=True)
        append_row(sheet, [seeker.name_latin, seeker.name_km, seeker.get_sex_display(), seeker.date_of_birth,
                           ids["national_id"], ids["phone"], seeker.province.local_name, seeker.job_centre.local_name,
                           yes if attendance.pre_registered else no, yes if attendance.registered_here else no,
                           attendance.checked_in_at])
        rows += 1
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.font = Font(name=FONT)
        row[3].number_format = DATE_FORMAT
        row[10].number_format = DATETIME_FORMAT
    for column, width in zip("ABCDEFGHIJK", (24, 24, 10, 14, 16, 18, 18, 28, 14, 14, 18), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    personal_data_export_record(actor=actor, target=event, what="event_attendees", count=rows)
    return out.getvalue()
