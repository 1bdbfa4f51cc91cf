"""Demo demand for `make run`: the two demo employers' profiles (accredited), and demand letters in
four states — a Thai draft that screening flags (wage below the floor), a Thai letter waiting for the
labour attaché's attestation (the `attache` login attests it), a Thai letter attested and waiting for
the ministry's decision, and a Korean letter approved against the quota. Written through the services, so
the audit trail and the quota draw-down are what real use would leave. Idempotent: an employer with letters is skipped.
"""

from __future__ import annotations

import datetime
from decimal import Decimal as D

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import Organisation, User
from demand.inputs import CostData, LetterData, PositionData
from demand.models import Accreditation, AttachmentKind, DemandLetter, EmployerProfile
from demand.services import (
    attachment_add,
    employer_profile_save,
    employer_set_accreditation,
    letter_approve,
    letter_attest,
    letter_create,
    letter_submit,
)
from mou.models import Agreement, AgreementStatus

# A one-page PDF, enough to stand for the scanned attestation.
_DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

PROFILES = {
    "Siam Garments Co., Ltd. (demo)": {
        "legal_name": "Siam Garments Company Limited", "registration_number": "0105548012345",
        "address": "88 Moo 4, Bang Phli Industrial Estate, Samut Prakan 10540, Thailand", "sector": "14",
        "contact_name": "Somchai Wong", "contact_email": "hr@siam-garments.example", "contact_phone": "+66 2 123 4567",
    },
    "Hanbit Manufacturing (demo)": {
        "legal_name": "Hanbit Manufacturing Co., Ltd.", "registration_number": "134-81-23456",
        "address": "21 Sandan-ro, Danwon-gu, Ansan, Gyeonggi-do, Republic of Korea", "sector": "28",
        "contact_name": "Park Min-jun", "contact_email": "hr@hanbit.example", "contact_phone": "+82 31 123 4567",
    },
}


def _thai_position(*, wage: D, workers: int) -> PositionData:
    return PositionData(
        occupation="8153", sector="14", workers=workers, wage_amount=wage, wage_currency="THB", wage_period="day",
        hours_per_day=D("8"), days_per_week=6, rest_days_per_week=1, overtime_rate=D("1.5"), contract_months=24,
        work_location="Bang Phli, Samut Prakan", skills="Industrial sewing machine operation; training provided.",
        experience_months=6, accommodation=True, transport=True,
        costs=[CostData(name="Recruitment service fee", payer="employer", amount=D("3000"), currency="THB"),
               CostData(name="Visa and work permit", payer="employer", amount=D("2500"), currency="THB")],
    )


def _korean_position() -> PositionData:
    return PositionData(
        occupation="8211", sector="C", workers=40, wage_amount=D("2300000"), wage_currency="KRW",
        wage_period="month", hours_per_day=D("8"), days_per_week=5, rest_days_per_week=2, overtime_rate=D("1.5"),
        contract_months=36, work_location="Ansan, Gyeonggi-do", skills="Assembly of machine parts.",
        language_test="EPS-TOPIK", language_min_score="80", accommodation=True, food=True,
        costs=[CostData(name="Recruitment and placement", payer="employer", amount=D("500000"), currency="KRW")],
    )


def load_demo_demand() -> int:
    """Create the demo profiles and letters if missing; returns how many letters were created."""
    users = {u.username: u for u in User.objects.select_related("organisation", "organisation__country").filter(
        username__in=["ministry.admin", "ministry.reviewer", "employer.th", "employer.kr", "attache"])}
    if len(users) < 5:
        return 0
    reviewer, admin = users["ministry.reviewer"], users["ministry.admin"]
    today = timezone.localdate()
    until = datetime.date(today.year + 1, 12, 31)

    for name, fields in PROFILES.items():
        organisation = Organisation.objects.filter(name=name).first()
        if organisation is None or EmployerProfile.objects.filter(organisation=organisation).exists():
            continue
        employer_profile_save(actor=admin, organisation=organisation, **fields,
                              reason="Demo data: registered by the ministry")
        employer_set_accreditation(actor=admin, organisation=organisation, status=Accreditation.ACCREDITED,
                                   until=until, reason="Demo data: documents checked")

    agreements = {a.partner_country.iso2: a for a in Agreement.objects.select_related("partner_country").filter(
        status=AgreementStatus.IN_FORCE, illustrative=True, partner_country__iso2__in=["TH", "KR"])}
    created = 0
    until_next_year = today + datetime.timedelta(days=365)

    thai = users["employer.th"]
    if "TH" in agreements and not DemandLetter.objects.filter(employer=thai.organisation).exists():
        # A draft the pre-check flags: 300 THB a day is below the 370 THB floor for manufacturing.
        letter_create(actor=thai, agreement=agreements["TH"], data=LetterData(
            valid_from=today, valid_until=until_next_year, positions=[_thai_position(wage=D("300"), workers=25)]))
        # A compliant letter with its signed copy, submitted: the agreement requires attestation, so it waits
        # for the labour attaché in Bangkok.
        letter = letter_create(actor=thai, agreement=agreements["TH"], data=LetterData(
            valid_from=today, valid_until=until_next_year, positions=[_thai_position(wage=D("410"), workers=30)]))
        attachment_add(actor=thai, letter=letter, kind=AttachmentKind.SIGNED_LETTER,
                       upload=ContentFile(_DEMO_PDF, name="signed-letter.pdf"))
        letter_submit(actor=thai, letter=letter)
        # Another, attested by the labour attaché on the platform: it waits for the ministry's decision.
        letter = letter_create(actor=thai, agreement=agreements["TH"], data=LetterData(
            valid_from=today, valid_until=until_next_year,
            positions=[_thai_position(wage=D("400"), workers=60), _thai_position(wage=D("420"), workers=15)]))
        attachment_add(actor=thai, letter=letter, kind=AttachmentKind.SIGNED_LETTER,
                       upload=ContentFile(_DEMO_PDF, name="signed-letter.pdf"))
        letter = letter_submit(actor=thai, letter=letter)
        letter_attest(actor=users["attache"], letter=letter)
        created += 3

    korean = users["employer.kr"]
    if "KR" in agreements and not DemandLetter.objects.filter(employer=korean.organisation).exists():
        letter = letter_create(actor=korean, agreement=agreements["KR"], data=LetterData(
            valid_from=today, valid_until=until_next_year, positions=[_korean_position()]))
        letter = letter_submit(actor=korean, letter=letter)
        letter_approve(actor=reviewer, letter=letter, reason="Demo data: complies with the EPS terms")
        created += 1
    return created


def load_demo() -> str:
    """The demo step of `manage.py load_demo`."""
    return f"{load_demo_demand()} demand letters created"
