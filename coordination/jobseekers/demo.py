"""Demo job seekers for `make run`: twelve people registered by the demo counsellor at the demo job centre in
Phnom Penh, from eight provinces, with their experience (ISCO-08), EPS-TOPIK, JLPT and other results, and what
they want. Four are vetted and on the Korean or the Thai (and Malaysian) roster with consent to be shared with
agencies, so the demo agency sees them; one withdrew consent; two records are one person written once in Latin
letters and once in Khmer script (a likely duplicate left undecided for the counsellor).

Registration, consent and vetting go through the services, so the audit trail is what real use leaves, and the
rosters are what the one rule (vetting.roster_sync) makes of the evidence: a seeker vetted for Thailand is on
Malaysia's roster too, since they meet its every requirement, and each entry ends when the police clearance it
rests on lapses. Runs after the agreements' demo (mou) and demand's; idempotent: a job centre with seekers is
left as it is.
"""

# ruff: noqa: C408 — the records read as keyword arguments, the way SeekerData takes them

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from coordination.jobseekers.inputs import (
    CertificationData,
    ConsentData,
    ExperienceData,
    LanguageData,
    SeekerData,
)
from coordination.jobseekers.models import (
    DuplicateDecision,
    EvidenceKind,
    JobSeeker,
    VettingStatus,
)
from coordination.jobseekers.services import (
    LikelyDuplicate,
    consent_withdraw,
    profile_open,
    seeker_register,
)
from coordination.jobseekers.vetting import evidence_record

D = datetime.date
ALL = ConsentData(for_matching=True, share_with_agencies=True, share_with_employers=True)
MATCHING_ONLY = ConsentData(for_matching=True, share_with_agencies=False, share_with_employers=False)


def _lang(code: str, test: str = "", score: str = "", taken: D | None = None, until: D | None = None
          ) -> LanguageData:
    return LanguageData(language=code, test=test, score=score, taken_on=taken, valid_until=until)


# Each: the record, its consent, and where it stands (a roster by partner country, "withdrawn", or nothing).
SEEKERS: list[dict[str, Any]] = [
    {"data": dict(name_km="ចាន់ សុភា", name_latin="Chan Sophea", sex="female", date_of_birth=D(1996, 3, 2),
                  national_id="110456782", phone="012 456 782", province="KH-3", education_level="lower_secondary",
                  experiences=[ExperienceData("8153", "4")],
                  certifications=[CertificationData("Industrial sewing, level 2", "Provincial Training Centre "
                                                    "Kampong Cham", D(2021, 8, 20))],
                  languages=[_lang("th", "Thai", "64", D(2025, 11, 10), D(2027, 11, 10))],
                  destinations=["TH"], sectors=["C"], min_wage="350", min_wage_currency="USD",
                  available_from=D(2027, 1, 15), passport_status="issued", passport_number="N0456782",
                  passport_expiry=D(2030, 6, 30)),
     "consent": ALL, "roster": "TH"},
    {"data": dict(name_km="ហេង វិចិត្រ", name_latin="Heng Vichet", sex="male", date_of_birth=D(1995, 7, 19),
                  national_id="140233917", phone="097 233 9170", province="KH-14", education_level="upper_secondary",
                  experiences=[ExperienceData("7115", "5"), ExperienceData("9313", "2")],
                  languages=[_lang("ko", "EPS-TOPIK", "132", D(2026, 4, 26), D(2028, 4, 26))],
                  destinations=["KR"], sectors=["F", "C"], min_wage="1800000", min_wage_currency="KRW",
                  available_from=D(2027, 2, 1), passport_status="issued", passport_number="N0233917",
                  passport_expiry=D(2031, 1, 31)),
     "consent": ALL, "roster": "KR"},
    {"data": dict(name_km="គឹម សុខា", name_latin="Kim Sokha", sex="female", date_of_birth=D(1999, 11, 5),
                  national_id="210778104", phone="016 778 104", province="KH-21", education_level="upper_secondary",
                  experiences=[ExperienceData("9329", "3")],
                  languages=[_lang("ko", "EPS-TOPIK", "98", D(2026, 4, 26), D(2028, 4, 26))],
                  destinations=["KR", "JP"], sectors=["C"], min_wage="1700000", min_wage_currency="KRW",
                  available_from=D(2027, 1, 5), passport_status="issued", passport_number="N0778104",
                  passport_expiry=D(2030, 10, 12)),
     "consent": ALL, "roster": "KR"},
    {"data": dict(name_km="ប៊ុន ធារី", name_latin="Bun Theary", sex="female", date_of_birth=D(2000, 1, 23),
                  national_id="170562233", phone="077 562 233", province="KH-17", education_level="vocational",
                  experiences=[ExperienceData("5120", "2")],
                  certifications=[CertificationData("Food hygiene", "Siem Reap Hotel School", D(2024, 3, 1))],
                  languages=[_lang("ja", "JLPT", "N4", D(2025, 12, 7)), _lang("en")],
                  destinations=["JP", "KR"], sectors=["I"], min_wage="180000", min_wage_currency="JPY",
                  available_from=D(2027, 4, 1), passport_status="applied"),
     "consent": ALL},
    {"data": dict(name_km="លឹម ពិសិដ្ឋ", name_latin="Lim Piseth", sex="male", date_of_birth=D(1993, 5, 30),
                  national_id="020911458", phone="088 911 4580", province="KH-2", education_level="lower_secondary",
                  experiences=[ExperienceData("8332", "6")],
                  certifications=[CertificationData("Driving licence, category C", "Ministry of Public Works and "
                                                    "Transport", D(2018, 9, 14))],
                  languages=[_lang("th", "Thai", "55", D(2026, 2, 18), D(2028, 2, 18))],
                  destinations=["TH", "MY"], sectors=["H"], min_wage="15000", min_wage_currency="THB",
                  available_from=D(2026, 12, 20), passport_status="issued", passport_number="N0911458",
                  passport_expiry=D(2029, 3, 3)),
     "consent": ALL, "vetting": VettingStatus.IN_PROGRESS},
    {"data": dict(name_km="ញ៉ែម ចន្ថា", name_latin="Nhem Chantha", sex="female", date_of_birth=D(1997, 8, 11),
                  national_id="070345129", phone="010 345 129", province="KH-7", education_level="primary",
                  experiences=[ExperienceData("9112", "3")],
                  destinations=["MY", "TH"], sectors=["N"], min_wage="1500", min_wage_currency="MYR",
                  available_from=D(2027, 3, 1)),
     "consent": MATCHING_ONLY},
    {"data": dict(name_km="ម៉ៅ សុផល", name_latin="Mao Sophal", sex="male", date_of_birth=D(1994, 2, 14),
                  national_id="080664371", phone="092 664 371", province="KH-8", education_level="upper_secondary",
                  experiences=[ExperienceData("7126", "4")],
                  languages=[_lang("ko", "EPS-TOPIK", "65", D(2025, 10, 19), D(2027, 10, 19))],
                  destinations=["KR"], sectors=["F"], min_wage="1600000", min_wage_currency="KRW"),
     "consent": ALL, "withdraw": "He has found work in Phnom Penh and no longer wants to go abroad."},
    {"data": dict(name_km="អ៊ុក រតនា", name_latin="Ouk Ratana", sex="female", date_of_birth=D(2001, 6, 8),
                  national_id="120987650", phone="015 987 650", province="KH-12", education_level="bachelor",
                  experiences=[ExperienceData("4110", "2")],
                  languages=[_lang("en", "IELTS", "6.0", D(2025, 9, 13), D(2027, 9, 13)),
                             _lang("ja", "JLPT", "N5", D(2025, 12, 7))],
                  destinations=["JP"], sectors=["N", "I"], min_wage="200000", min_wage_currency="JPY",
                  available_from=D(2027, 6, 1), passport_status="none"),
     "consent": ALL},
    {"data": dict(name_km="ខៀវ សំណាង", name_latin="Khiev Samnang", sex="male", date_of_birth=D(1992, 12, 1),
                  national_id="200118236", phone="011 118 236", province="KH-20", education_level="primary",
                  experiences=[ExperienceData("6111", "8")],
                  languages=[_lang("ko", "EPS-TOPIK", "84", D(2026, 4, 26), D(2028, 4, 26))],
                  destinations=["KR"], sectors=["A"], min_wage="1700000", min_wage_currency="KRW",
                  available_from=D(2027, 2, 15), passport_status="applied"),
     "consent": ALL},
    {"data": dict(name_km="ពៅ ស្រីល័ក្ខ", name_latin="Pov Sreyleak", sex="female", date_of_birth=D(1998, 10, 27),
                  national_id="060452318", phone="096 452 3180", province="KH-6", education_level="lower_secondary",
                  experiences=[ExperienceData("8153", "5"), ExperienceData("7531", "1")],
                  destinations=["TH"], sectors=["C"], min_wage="12000", min_wage_currency="THB",
                  available_from=D(2027, 1, 10), passport_status="issued", passport_number="N0452318",
                  passport_expiry=D(2031, 8, 8)),
     "consent": ALL, "roster": "TH"},
    # One person, twice: written in Latin letters at an event, in Khmer script at the desk, the same birthday.
    {"data": dict(name_latin="Soem Sreyneang", sex="female", date_of_birth=D(1999, 9, 9), phone="017 909 099",
                  province="KH-14", education_level="lower_secondary", experiences=[ExperienceData("8153", "2")],
                  destinations=["TH"], sectors=["C"]),
     "consent": ALL},
    {"data": dict(name_km="ស៊ឹម ស្រីនាង", sex="female", date_of_birth=D(1999, 9, 9), national_id="140909099",
                  province="KH-14", education_level="lower_secondary", destinations=["TH"]),
     "consent": ALL, "undecided_duplicate": True},
]


def _address(data: dict[str, Any]) -> dict[str, Any]:
    """A district, commune and village inside the province (the first of each, by code, in the MEF lists)."""
    from reference.models import Commune, District, Province, Village

    province = Province.objects.filter(code=data["province"]).first()
    district = District.objects.filter(province=province).order_by("code").first() if province else None
    commune = Commune.objects.filter(district=district).order_by("code").first() if district else None
    village = Village.objects.filter(commune=commune).order_by("code").first() if commune else None
    return {"district": district.code if district else "", "commune": commune.code if commune else "",
            "village": village.code if village else ""}


def _vet(seeker: JobSeeker, agreement: Any, counsellor: User, today: D) -> None:
    """The evidence a counsellor saw, recorded through the vetting service: eligibility for every agreement in
    force, and so the rosters, follow from it by the one rule (vetting.roster_sync), as in real use. A Korean
    candidate's EPS-TOPIK result given at registration is checked, and the EPS skills test passed."""
    for kind, days, valid in ((EvidenceKind.IDENTITY, 60, None), (EvidenceKind.MEDICAL, 30, 335),
                              (EvidenceKind.ORIENTATION, 20, None), (EvidenceKind.POLICE, 40, 140)):
        on = today - datetime.timedelta(days=days)
        evidence_record(actor=counsellor, seeker=seeker, kind=kind, on_date=on, today=today,
                        valid_until=on + datetime.timedelta(days=valid) if valid else None)
    if agreement.partner_country.iso2 == "KR":
        for skill in seeker.languages.filter(test="EPS-TOPIK"):
            evidence_record(actor=counsellor, seeker=seeker, kind=EvidenceKind.TEST, test="EPS-TOPIK",
                            score=skill.score, on_date=min(skill.taken_on or today, today),
                            valid_until=skill.valid_until, today=today)
        evidence_record(actor=counsellor, seeker=seeker, kind=EvidenceKind.TEST, test_name="EPS skills test",
                        on_date=today - datetime.timedelta(days=15), today=today)


@transaction.atomic
def load_demo() -> str:
    from mou.models import Agreement, AgreementStatus

    counsellor = User.objects.filter(username="counsellor").select_related("organisation").first()
    if counsellor is None or counsellor.organisation is None:
        return ""
    if JobSeeker.objects.filter(job_centre=counsellor.organisation).exists():
        return "job seekers already there"
    agreements = {a.partner_country.iso2: a for a in
                  Agreement.objects.filter(status=AgreementStatus.IN_FORCE).select_related("partner_country")}
    today = timezone.localdate()
    made: list[JobSeeker] = []
    for spec in SEEKERS:
        data = SeekerData(**spec["data"], **_address(spec["data"]))
        try:
            seeker = seeker_register(actor=counsellor, data=data, consent=spec["consent"])
        except LikelyDuplicate as exc:
            others = [c.seeker for c in exc.candidates]
            seeker = seeker_register(actor=counsellor, data=data, consent=spec["consent"], distinct_from=others)
            if spec.get("undecided_duplicate"):  # left for the counsellor to open, merge or confirm
                DuplicateDecision.objects.filter(first__in=[seeker, *others], second__in=[seeker, *others]).delete()
        if spec.get("roster") in agreements:
            _vet(seeker, agreements[spec["roster"]], counsellor, today)
        elif spec.get("vetting"):  # vetting begun: the identity checked
            evidence_record(actor=counsellor, seeker=seeker, kind=EvidenceKind.IDENTITY, today=today,
                            on_date=today - datetime.timedelta(days=7))
        if spec.get("withdraw"):
            consent_withdraw(actor=counsellor, seeker=seeker, reason=spec["withdraw"])
        made.append(seeker)
    agency = User.objects.filter(username="agency").first()
    if agency is not None:  # the agency has opened one profile: the access log shows it
        shared = next((s for s in made if s.name_latin == "Heng Vichet"), None)
        if shared is not None:
            profile_open(actor=agency, seeker=shared, channel="page")
    return f"{len(made)} job seekers"
