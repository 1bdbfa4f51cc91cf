"""Agreement content a person reads (titles, cost items, tests, protections' details, social-security schemes…)
reads in the reader's language wherever it is shown: the agreement pages, the counselling sheet, the registry
workbook and notifications read later.

The English texts checked are found generically: every field of the mou models that has a Khmer partner
(`title` and `title_km`, `summary_en` and `summary_km`), so a new bilingual field is checked without changing
this test. A Latin proper name kept inside its own Khmer form ("EPS-TOPIK" in "ការប្រឡងភាសាកូរ៉េ EPS-TOPIK") is
not English prose and is not looked for.
"""

from __future__ import annotations

import io
from html.parser import HTMLParser
from typing import Any

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from coordination.jobseekers.models import RosterEntry
from i18n.messages import render
from jobs.models import Job
from mou.exports import export_agreements
from notifications.models import Notification
from tests.coordination.jobseekers.helpers import register
from tests.coordination.jobseekers.vetting_helpers import vet_for_korea

pytestmark = pytest.mark.django_db

MARKER_EN = "Illustrative — verify against the signed text"


def bilingual_pairs() -> list[tuple[Any, str, str]]:
    """(model, English field, Khmer field) for every mou model field that has a Khmer form."""
    pairs = []
    for model in apps.get_app_config("mou").get_models():
        names = {f.name for f in model._meta.fields}
        pairs += [(model, name, f"{name}_km") for name in sorted(names) if f"{name}_km" in names]
        if "summary_en" in names and "summary_km" in names:
            pairs.append((model, "summary_en", "summary_km"))
    return pairs


def english_content() -> set[str]:
    english: set[str] = set()
    khmer: list[str] = []
    for model, en, km in bilingual_pairs():
        for e, k in model.objects.values_list(en, km):
            if e and e.strip():
                english.add(e.strip())
            if k:
                khmer.append(k)
    return {text for text in english if not any(text in k for k in khmer)}


class _ReadText(HTMLParser):
    """What a person reads on a page: its text, and the attributes read out or shown (not codes in data-*)."""

    READ = ("title", "aria-label", "alt", "placeholder")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.skip += tag in ("script", "style")
        self.parts += [value for name, value in attrs if name in self.READ and value]

    def handle_endtag(self, tag: str) -> None:
        self.skip -= tag in ("script", "style") and self.skip > 0

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def read_text(page: str) -> str:
    parser = _ReadText()
    parser.feed(page)
    return " ".join(" ".join(parser.parts).split())


def khmer_get(client: Any, url: str) -> str:
    client.cookies["django_language"] = "km"
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="km")
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    assert '<html lang="km">' in page
    return read_text(page)


def assert_no_english(page: str, where: str) -> None:
    found = sorted(text for text in english_content() if " ".join(text.split()) in page)
    assert not found, f"English agreement content on the Khmer {where}: {found}"
    assert MARKER_EN not in page and "verify against the signed text" not in page


def test_every_bilingual_field_of_the_demo_agreements_has_its_khmer_form(agreements: dict[str, Any]) -> None:
    pairs = bilingual_pairs()
    found = {(model.__name__, en) for model, en, _km in pairs}
    assert {("Agreement", "title"), ("FeeItem", "name"), ("RequiredTest", "name"), ("Protection", "details"),
            ("PortabilityRule", "scheme"), ("PortabilityRule", "summary_en"),
            ("AgreementVersion", "reentry_rule")} <= found
    for model, en, km in pairs:
        missing = list(model.objects.exclude(**{en: ""}).filter(**{km: ""}).values_list(en, flat=True))
        assert not missing, f"{model.__name__}.{en} without {km}: {missing}"
    assert len(english_content()) > 40  # the check below looks for something real


@pytest.mark.parametrize("country", ["TH", "KR", "MY", "JP"])
def test_the_khmer_agreement_page_shows_no_english_agreement_content(as_role: Any, agreements: dict[str, Any],
                                                                    country: str) -> None:
    agreement = agreements[country]
    page = khmer_get(as_role("counsellor"), reverse("agreement_detail", args=[agreement.pk]))
    assert agreement.title_km in page
    assert_no_english(page, f"agreement page ({country})")
    assert agreement.title not in page


@pytest.mark.parametrize("country", ["TH", "KR", "MY", "JP"])
def test_the_khmer_counselling_sheet_shows_no_english_agreement_content(as_role: Any, users: dict[str, Any],
                                                                       agreements: dict[str, Any],
                                                                       country: str) -> None:
    seeker = register(users["counsellor"])
    agreement = agreements[country]
    page = khmer_get(as_role("counsellor"), reverse(
        "jobseeker_counselling_sheet", kwargs={"pk": seeker.pk, "agreement_id": agreement.pk}))
    assert agreement.title_km in page
    version = agreement.versions.get()
    for item in version.fee_items.all():
        assert item.name_km in page
    assert_no_english(page, f"counselling sheet ({country})")


def test_the_english_pages_keep_the_english_forms_and_the_marker(as_role: Any, users: dict[str, Any],
                                                                 agreements: dict[str, Any]) -> None:
    seeker = register(users["counsellor"])
    client = as_role("counsellor")
    korea = agreements["KR"]
    page = read_text(client.get(reverse(
        "jobseeker_counselling_sheet", kwargs={"pk": seeker.pk, "agreement_id": korea.pk})).content.decode())
    assert f"{korea.title} ({MARKER_EN})" in page
    assert "Air ticket to Korea: you may be asked to pay at most 450.00 USD" in page
    assert "សំបុត្រយន្តហោះ" not in page


def test_a_khmer_form_left_blank_falls_back_to_english(agreements: dict[str, Any]) -> None:
    korea = agreements["KR"]
    korea.title_km = "  "
    with translation.override("km"):
        assert korea.local_title == korea.title
        assert korea.display_title.startswith(korea.title)
        assert MARKER_EN not in korea.display_title  # the marker itself reads in Khmer


def test_the_registry_workbook_in_khmer_shows_no_english_agreement_content(users: dict[str, Any],
                                                                          agreements: dict[str, Any]) -> None:
    job = Job.objects.create(kind="mou.export_agreements", started_by=users["ministry_reviewer"],
                             params={"language": "km"})
    export_agreements(job)
    job.refresh_from_db()
    workbook = load_workbook(io.BytesIO(job.result_file.read()))
    cells = "\n".join(str(value) for ws in workbook for row in ws.iter_rows(values_only=True)
                      for value in row if value is not None)
    assert agreements["JP"].title_km in cells
    found = sorted(text for text in english_content() if text in cells)
    assert not found, f"English agreement content in the Khmer workbook: {found}"
    assert "Japan" not in cells  # the partner country reads in Khmer too


def test_a_roster_notification_names_the_agreement_in_the_language_it_is_read_in(
        users: dict[str, Any], agreements: dict[str, Any], django_capture_on_commit_callbacks: Any) -> None:
    import datetime

    from django.utils import timezone

    from coordination.jobseekers.vetting import roster_remind_due

    seeker = register(users["counsellor"])
    vet_for_korea(users["counsellor"], seeker)
    entry = RosterEntry.objects.get(seeker=seeker, agreement=agreements["KR"])
    RosterEntry.objects.exclude(pk=entry.pk).update(valid_until=timezone.localdate() + datetime.timedelta(days=200))
    RosterEntry.objects.filter(pk=entry.pk).update(valid_until=timezone.localdate() + datetime.timedelta(days=10))
    with django_capture_on_commit_callbacks(execute=True):
        assert roster_remind_due() == [entry.pk]
    note = Notification.objects.filter(kind="jobseekers.roster_ending", user=users["counsellor"]).get()
    korea = agreements["KR"]
    assert f"{korea.title} ({MARKER_EN})" in render(note.content["body"], "en")
    khmer_body = render(note.content["body"], "km")
    assert korea.title_km in khmer_body and korea.title not in khmer_body and MARKER_EN not in khmer_body
