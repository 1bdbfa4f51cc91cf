"""The agreement registry as a styled workbook, built in the background (job kind "mou.export_agreements")."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from jobs.models import Job
from jobs.services import job_progress, job_runner, job_succeed
from mou.models import AgreementVersion
from mou.selectors import agreement_list, version_prefetch
from spreadsheets.cells import append_row

HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")
HEADER_FONT = Font(bold=True, color="FFFFFF")


def _sheet(wb: Workbook, title: str, header: list[str], first: bool = False):  # type: ignore[no-untyped-def]
    ws = wb.active if first else wb.create_sheet()
    ws.title = title
    ws.append(header)
    for cell in ws[1]:
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    ws.freeze_panes = "A2"
    for i, name in enumerate(header, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(12, min(45, len(name) + 4))
    return ws


@job_runner("mou.export_agreements")
def export_agreements(job: Job) -> None:
    actor = job.started_by
    with override(job.params.get("language") or "en"):
        agreements = list(agreement_list(actor=actor, status=job.params.get("status") or None))
        job_progress(job=job, done=0, total=len(agreements))
        today = timezone.localdate()
        current = {
            v.agreement_id: v
            for v in AgreementVersion.objects.filter(agreement__in=agreements, in_force_from__lte=today)
            .order_by("agreement_id", "in_force_from")
            .prefetch_related(*version_prefetch())
        }
        wb = Workbook()
        main = _sheet(wb, _("Agreements"), [
            _("Partner country"), _("Title"), _("Channel"), _("Status"), _("Version"), _("In force from"),
            _("Signed on"), _("Zero-fee"), _("Hours per day"), _("Hours per week"), _("Rest days per week"),
            _("Contract (months)"), _("Maximum stay (months)"), _("Age range"), _("Source document"),
        ], first=True)
        wages = _sheet(wb, _("Wage floors"), [
            _("Partner country"), _("Agreement"), _("Sector"), _("Minimum wage"), _("Currency"), _("Period"),
            _("Clause")])
        fees = _sheet(wb, _("Fees and costs"), [
            _("Partner country"), _("Agreement"), _("Cost item"), _("Paid by"), _("Cap for the worker"),
            _("Currency"), _("Clause")])
        quotas = _sheet(wb, _("Quotas"), [
            _("Partner country"), _("Agreement"), _("Year"), _("Sector"), _("Occupation"), _("Cap (workers)"),
            _("Clause")])
        social = _sheet(wb, _("Social security"), [
            _("Partner country"), _("Agreement"), _("Benefit branch"), _("Scheme"), _("Employer %"),
            _("Worker %"), _("Lump sum on leaving"), _("Summary for workers"), _("Clause")])
        for i, agreement in enumerate(agreements, start=1):
            country = agreement.partner_country.local_name
            v = current.get(agreement.pk)
            if v is None:
                append_row(main, [country, agreement.display_title, agreement.get_channel_display(),
                                  agreement.get_status_display()])
            else:
                append_row(main, [
                    country, agreement.display_title, agreement.get_channel_display(), agreement.get_status_display(),
                    v.number, v.in_force_from, v.signed_date, _("Yes") if v.zero_fee else _("No"),
                    v.hours_per_day, v.hours_per_week, v.min_weekly_rest_days,
                    f"{v.contract_min_months}–{v.contract_max_months}", v.max_stay_months,
                    f"{v.min_age}–{v.max_age}", v.local_source_document,
                ])
                for w in v.wage_floors.all():
                    append_row(wages, [country, agreement.display_title, str(w.sector), w.amount, w.currency.code,
                                       w.get_period_display(), w.clause])
                for f in v.fee_items.all():
                    append_row(fees, [country, agreement.display_title, f.local_name, f.get_payer_display(),
                                      f.cap_amount, f.cap_currency.code if f.cap_currency else "", f.clause])
                for q in v.quotas.all():
                    append_row(quotas, [country, agreement.display_title, q.year, str(q.sector),
                                        str(q.occupation) if q.occupation else _("All occupations"), q.cap, q.clause])
                for r in v.portability_rules.all():
                    append_row(social, [
                        country, agreement.display_title, r.get_branch_display(), r.local_scheme, r.employer_percent,
                        r.worker_percent, _("Yes") if r.lump_sum_on_leaving else _("No"),
                        r.local_summary, r.clause,
                    ])
            job_progress(job=job, done=i)
        buffer = io.BytesIO()
        wb.save(buffer)
    job_succeed(job=job, filename=f"agreements-{today.isoformat()}.xlsx", content=buffer.getvalue())
