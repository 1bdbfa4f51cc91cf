"""Recording vetting evidence from the page: the same service the GraphQL mutation recordVetting calls
(coordination.jobseekers.vetting.evidence_record), which checks the evidence, keeps it as history, and puts the
seeker on (or takes them off) each agreement's roster as their eligibility now says. A page of its own, linked from
the profile, one column for a counsellor's phone."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import permissions
from coordination.jobseekers import permissions as perms
from coordination.jobseekers.eligibility import versions_in_force
from coordination.jobseekers.vetting import evidence_record, roster_enter
from frontend.forms import add_service_errors, form_error_items
from frontend.jobseekers.forms import EvidenceForm
from frontend.jobseekers.views.profile import seeker_or_404


@login_required
@require_http_methods(["GET", "POST"])
def jobseeker_vetting_view(request: HttpRequest, seeker_id: int) -> HttpResponse:
    seeker = seeker_or_404(request, seeker_id)
    if seeker.pk != seeker_id:
        if request.method == "POST":
            raise Http404  # evidence for a merged record: the record it went into is the one to vet
        return redirect("jobseeker_vetting", seeker_id=seeker.pk)
    permissions.require(perms.can_vet(request.user, seeker),
                        _("Only counsellors of the seeker's job centre and ministry staff can record vetting "
                          "evidence."))
    form = EvidenceForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                item = evidence_record(actor=request.user, seeker=seeker, **form.evidence())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Recorded: %(what)s, %(date)s.") % {
                    "what": item.get_kind_display(), "date": date_format(item.on_date)})
                return redirect(reverse("jobseeker_detail", kwargs={"seeker_id": seeker.pk}) + "#vetting")
    return render(request, "jobseekers/vetting.html", {
        "seeker": seeker, "form": form, "error_summary": form_error_items(form) if form.is_bound else [],
        "evidence": list(seeker.evidence.all()[:10]),
    }, status=status)



@login_required
@require_POST
def jobseeker_roster_enter_view(request: HttpRequest, seeker_id: int, agreement_id: int) -> HttpResponse:
    """Put a seeker who meets every requirement of an agreement in force on its roster (vetting.roster_enter):
    what the eligibility panel offers when it says the seeker meets every requirement but is not on it."""
    seeker = seeker_or_404(request, seeker_id)
    if seeker.pk != seeker_id:
        raise Http404
    permissions.require(perms.can_vet(request.user, seeker),
                        _("Only counsellors of the seeker's job centre and ministry staff can put a seeker on a "
                          "roster."))
    agreement = next((v.agreement for v in versions_in_force() if v.agreement_id == agreement_id), None)
    if agreement is None:
        raise Http404
    try:
        entry = roster_enter(actor=request.user, seeker=seeker, agreement=agreement)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("On the roster of %(agreement)s until %(until)s.") % {
            "agreement": agreement.title, "until": date_format(entry.valid_until)})
    return redirect(reverse("jobseeker_detail", kwargs={"seeker_id": seeker.pk}) + f"#eligibility-{agreement_id}")
