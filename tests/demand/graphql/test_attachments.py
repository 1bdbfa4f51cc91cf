"""demandLetterRemoveAttachment: a wrong document leaves a draft through the same service as on the page."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.base import ContentFile

from audit.models import AuditEvent
from demand import services
from demand.models import Attachment
from tests.demand.helpers import letter_data, th_position
from tests.demand.pages.helpers import PDF
from tests.pages import ROLES

pytestmark = pytest.mark.django_db

REMOVE = """mutation ($id: ID!, $attachmentId: ID!) {
  demandLetterRemoveAttachment(id: $id, attachmentId: $attachmentId) {
    letter { attachments { id name } } errors { field message } } }"""


def run(client: Any, variables: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/graphql/", data=json.dumps({"query": REMOVE, "variables": variables}),
                           content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()["data"]["demandLetterRemoveAttachment"]


@pytest.fixture
def draft_with_document(users, agreements, employers, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    letter = services.letter_create(actor=users["employer_th"], agreement=agreements["TH"],
                                    data=letter_data([th_position()]))
    attachment = services.attachment_add(actor=users["employer_th"], letter=letter, kind="other",
                                         upload=ContentFile(PDF, name="wrong.pdf"))
    return letter, attachment


@pytest.mark.parametrize("role", ROLES)
def test_remove_attachment_by_role(as_role, draft_with_document, role):
    letter, attachment = draft_with_document
    payload = run(as_role(role), {"id": str(letter.pk), "attachmentId": str(attachment.pk)})
    if role == "employer_th":
        assert payload["errors"] == [] and payload["letter"]["attachments"] == []
        assert AuditEvent.objects.filter(action="letter.attachment_remove").count() == 1
    else:
        assert payload["errors"] and payload["letter"] is None
        assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_an_attachment_of_another_letter_is_not_found(as_role, draft_with_document):
    letter, attachment = draft_with_document
    payload = run(as_role("employer_th"), {"id": str(letter.pk), "attachmentId": str(attachment.pk + 1000)})
    assert payload["errors"] == [{"field": "attachmentId", "message": "That document is not attached to the letter."}]
