"""Who sees a job through /graphql/: one test case per role."""

from __future__ import annotations

from typing import Any

import pytest

from jobs.models import Job
from tests.api.helpers import NOT_SIGNED_IN, ROLES, error_messages, run

UNAUTHENTICATED = "Sign in, or send a personal API token as 'Authorization: Bearer <token>'."


JOB = "query($id: ID!) { job(id: $id) { id kind status done total percent messages resultUrl } }"


@pytest.mark.parametrize("role", ROLES)
def test_job_only_for_who_started_it(role: str, as_user: Any, users: dict[str, Any]) -> None:
    job = Job.objects.create(kind="demand.import", started_by=users["employer_th"], done=5, total=20,
                             status="running", messages=["Reading rows"])
    body = run(as_user(role), JOB, {"id": job.pk})
    if role in NOT_SIGNED_IN:
        assert body["data"]["job"] is None
        assert error_messages(body) == [UNAUTHENTICATED]
    elif role in {"employer_th", "admin", "ministry_admin"}:  # the starter; ministry administrators see all
        assert body["data"]["job"] == {
            "id": str(job.pk), "kind": "demand.import", "status": "RUNNING", "done": 5, "total": 20,
            "percent": 25, "messages": ["Reading rows"], "resultUrl": None,
        }
    else:
        assert body == {"data": {"job": None}}
