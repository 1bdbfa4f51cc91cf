"""The seeker's own data, downloaded for them: everything, in full, and audited."""

from __future__ import annotations

import json

from django.urls import reverse

from audit.models import AuditEvent


def test_the_export_holds_everything_and_is_audited(sign_in, registry):
    seeker = registry["shared"]
    response = sign_in("counsellor").post(reverse("jobseeker_subject_export", args=[seeker.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    record = json.loads(response.content)
    assert record["national_id"] == "010203040" and record["experiences"][0]["occupation"] == "7531"
    assert AuditEvent.objects.filter(action="jobseeker.subject_export").count() == 1
