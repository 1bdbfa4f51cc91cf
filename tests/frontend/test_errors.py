"""The 403, 404 and 500 pages."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse


def test_404_uses_the_layout(as_role):
    response = as_role("agency").get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in html and 'class="site-header"' in html and "Go to the home page" in html


def test_403_explains_what_to_do(as_role):
    response = as_role("employer_th").get(reverse("audit_list"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "You cannot open this page" in html
    assert "ask a ministry administrator" in html


def test_500_renders_without_a_request():
    html = render_to_string("500.html")
    assert "Something went wrong" in html and "corridor.css" in html


def _403_for_agency_staff(as_role, users, make_problem):
    from tests.coordination.jobseekers.helpers import register

    seeker = register(users["counsellor"])
    make_problem(users["agency"].organisation)
    response = as_role("agency").get(reverse("jobseeker_detail", args=[seeker.pk]))
    assert response.status_code == 403
    return response.content.decode()


def test_403_tells_a_suspended_agencys_staff_the_real_reason(as_role, users):
    from coordination.agencies.services import agency_set_status

    html = _403_for_agency_staff(as_role, users, lambda org: agency_set_status(
        actor=users["ministry_admin"], organisation=org, status="suspended", reason="Fees above the cap"))
    assert "The agency&#x27;s licence is suspended: Fees above the cap" in html
    assert "Your agency cannot use this page now." in html
    assert "change your role" not in html


def test_403_tells_an_expired_agencys_staff_the_real_reason_in_khmer(as_role, users):
    import datetime

    from django.utils import timezone

    from coordination.agencies.models import AgencyProfile

    def expire(org):
        AgencyProfile.objects.filter(organisation=org).update(
            licence_expires_on=timezone.localdate() - datetime.timedelta(days=3))

    html = _403_for_agency_staff(as_role, users, expire)
    assert "The agency&#x27;s licence expired on" in html and "change your role" not in html
    client = as_role("agency")
    client.cookies["django_language"] = "km"
    seeker_id = __import__("coordination.jobseekers.models", fromlist=["JobSeeker"]).JobSeeker.objects.get().pk
    khmer = client.get(reverse("jobseeker_detail", args=[seeker_id])).content.decode()
    assert "The agency&#x27;s licence expired on" not in khmer and "Your agency cannot use this page now." not in khmer


def test_403_for_other_roles_still_says_to_ask_for_a_role(as_role):
    html = as_role("counsellor").get(reverse("audit_list")).content.decode()
    assert "change your role" in html and "Your agency cannot use this page now." not in html
