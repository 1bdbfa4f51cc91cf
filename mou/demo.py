"""Four illustrative agreements for the demo, drawn from the public facts in docs/domain.md.

Every one is flagged `illustrative`: pages mark its title so (mou.models.ILLUSTRATIVE_TITLE, a UI string); verify
against the signed text before relying on it. Every text a person reads is written in English and in Khmer.
"""

from __future__ import annotations

import datetime
from decimal import Decimal as D
from typing import Any

from django.utils import timezone

from accounts.models import User
from mou.models import Agreement, AgreementStatus, Channel
from mou.services import agreement_create
from mou.terms import (
    FeeItemData,
    PortabilityData,
    ProtectionData,
    QuotaData,
    RequiredTestData,
    VersionTerms,
    WageFloorData,
)

# Demo titles used to carry the marker in the data; an agreement loaded so is still recognised (not loaded twice).
_OLD_MARKER = " (Illustrative — verify against the signed text)"

_PROTECTIONS = [
    ProtectionData(kind="documents", details="Workers keep their own passports and identity documents.",
                   details_km="កម្មកររក្សាទុកលិខិតឆ្លងដែន និងឯកសារអត្តសញ្ញាណរបស់ខ្លួនដោយខ្លួនឯង។",
                   clause="Art. 9"),
    ProtectionData(kind="complaints", details="Complaints through the labour attaché or the 1297 hotline, "
                   "treated confidentially and with the worker's consent.", clause="Art. 15",
                   details_km="ពាក្យបណ្តឹងតាមរយៈទីប្រឹក្សាការងារ ឬខ្សែទូរស័ព្ទបន្ទាន់ ១២៩៧ ត្រូវបានដោះស្រាយដោយរក្សាការសម្ងាត់ "
                              "និងដោយមានការយល់ព្រមពីកម្មករ។"),
    ProtectionData(kind="non_discrimination", details="No discrimination on sex, gender identity, sexual "
                   "orientation, disability, ethnicity, age, pregnancy or marital status.", clause="Art. 10",
                   details_km="គ្មានការរើសអើងដោយផ្អែកលើភេទ អត្តសញ្ញាណយេនឌ័រ ទំនោរផ្លូវភេទ ពិការភាព ជាតិពន្ធុ អាយុ "
                              "ការមានផ្ទៃពោះ ឬស្ថានភាពអាពាហ៍ពិពាហ៍ឡើយ។"),
    ProtectionData(kind="equal_pay", details="Equal pay and benefits with national workers.", clause="Art. 11",
                   details_km="ប្រាក់ឈ្នួល និងអត្ថប្រយោជន៍ស្មើនឹងកម្មករជាតិ។"),
]


def _thailand(year: int) -> dict[str, Any]:
    return {
        "partner_country": "TH", "channel": Channel.PRIVATE,
        "title": "Cambodia–Thailand MoU on the Employment of Workers",
        "title_km": "អនុស្សរណៈនៃការយោគយល់គ្នា កម្ពុជា–ថៃ ស្តីពីការងាររបស់កម្មករ",
        "terms": VersionTerms(
            signed_date=datetime.date(2015, 12, 19), in_force_from=datetime.date(2016, 1, 1),
            source_document="MoU on Cooperation in the Employment of Workers and the Agreement on Employment "
                            "of Workers",
            source_document_km="អនុស្សរណៈនៃការយោគយល់គ្នាស្តីពីកិច្ចសហប្រតិបត្តិការក្នុងការងាររបស់កម្មករ "
                               "និងកិច្ចព្រមព្រៀងស្តីពីការងាររបស់កម្មករ",
            sectors=["A", "C", "F", "03"], sectors_clause="Art. 2",
            hours_per_day=D("8"), hours_per_week=D("48"), hours_clause="Art. 11.1",
            min_weekly_rest_days=1, rest_clause="Art. 11.2", overtime_rate=D("1.5"), overtime_clause="Art. 11.3",
            contract_min_months=12, contract_max_months=24, contract_clause="Art. 12",
            max_stay_months=48, stay_clause="Art. 13",
            reentry_rule="After two years a worker may extend for two more; after four years the worker may "
                         "return under a new contract after 30 days outside Thailand.",
            reentry_rule_km="ក្រោយពីពីរឆ្នាំ កម្មករអាចបន្តបានពីរឆ្នាំទៀត។ ក្រោយពីបួនឆ្នាំ កម្មករអាចត្រឡប់មកវិញ "
                            "ក្រោមកិច្ចសន្យាថ្មី បន្ទាប់ពីនៅក្រៅប្រទេសថៃរយៈពេល ៣០ ថ្ងៃ។",
            cooling_off_months=1, reentry_clause="Art. 13.2",
            min_age=18, max_age=45, age_clause="Art. 5",
            eligibility_clause="Art. 6", roster_validity_months=12, roster_clause="Art. 6.3",
            zero_fee=False, fee_clause="Art. 14",
            attestation_required=True, attestation_clause="Art. 7",
            review_working_days=7, review_clause="Art. 8",
            wage_floors=[
                WageFloorData(sector="A", amount=D("350"), currency="THB", period="day", clause="Art. 11.4"),
                WageFloorData(sector="C", amount=D("370"), currency="THB", period="day", clause="Art. 11.4"),
                WageFloorData(sector="F", amount=D("370"), currency="THB", period="day", clause="Art. 11.4"),
                WageFloorData(sector="03", amount=D("350"), currency="THB", period="day", clause="Art. 11.4"),
            ],
            fee_items=[
                FeeItemData(name="Recruitment service fee",
                    name_km="ថ្លៃសេវាជ្រើសរើស", payer="employer", clause="Art. 14.1"),
                FeeItemData(name="Transport to the workplace",
                    name_km="ការធ្វើដំណើរទៅកន្លែងធ្វើការ", payer="employer", clause="Art. 14.1"),
                FeeItemData(name="Visa and work permit",
                    name_km="ទិដ្ឋាការ និងលិខិតអនុញ្ញាតការងារ", payer="employer", clause="Art. 14.1"),
                FeeItemData(name="Passport",
                    name_km="លិខិតឆ្លងដែន", payer="worker", cap_amount=D("20"), cap_currency="USD",
                            clause="Art. 14.2"),
                FeeItemData(name="Medical check in Cambodia",
                    name_km="ការពិនិត្យសុខភាពនៅកម្ពុជា", payer="worker", cap_amount=D("25"),
                            cap_currency="USD", clause="Art. 14.2"),
            ],
            protections=_PROTECTIONS,
            quotas=[
                QuotaData(year=year, sector="C", cap=20000, clause="Annex 1"),
                QuotaData(year=year, sector="A", cap=10000, clause="Annex 1"),
                QuotaData(year=year, sector="F", cap=15000, clause="Annex 1"),
                QuotaData(year=year, sector="03", cap=3000, clause="Annex 1"),
            ],
            portability_rules=[
                PortabilityData(
                    branch="old_age", scheme="Social Security Fund (Section 33)", mandatory=True,
                    scheme_km="មូលនិធិសន្តិសុខសង្គម (មាត្រា ៣៣)", insurer_km="ការិយាល័យសន្តិសុខសង្គម",
                    proof_required_km="កាតសន្តិសុខសង្គម និងលិខិតឆ្លងដែន",
                    employer_percent=D("5"), worker_percent=D("5"), wage_ceiling=D("15000"),
                    wage_ceiling_currency="THB", totalisation=False, payable_abroad=False,
                    lump_sum_on_leaving=False, insurer="Social Security Office", premium_payer="shared",
                    proof_required="Social security card and passport",
                    summary_en="You pay 5% of your wage to Thai social security and so does your employer. "
                               "In practice MoU workers do not get the old-age savings back when they leave, "
                               "and records are lost if you come back on a new passport: keep your social "
                               "security card and number.",
                    summary_km="អ្នកបង់ ៥% នៃប្រាក់ឈ្នួលទៅសន្តិសុខសង្គមថៃ ហើយនិយោជកក៏បង់ដូចគ្នា។ "
                               "ក្នុងការអនុវត្តជាក់ស្តែង កម្មករតាម MoU មិនទទួលបានប្រាក់សន្សំជរាភាពវិញនៅពេលចាកចេញទេ "
                               "ហើយកំណត់ត្រាអាចបាត់បង់ ប្រសិនបើអ្នកត្រឡប់មកវិញដោយលិខិតឆ្លងដែនថ្មី៖ "
                               "សូមរក្សាទុកកាត និងលេខសន្តិសុខសង្គមរបស់អ្នក។",
                    clause="Art. 16",
                ),
                PortabilityData(
                    branch="employment_injury", scheme="Workmen's Compensation Fund", mandatory=True,
                    scheme_km="មូលនិធិសំណងការងារ", insurer_km="ការិយាល័យសន្តិសុខសង្គម",
                    employer_percent=D("0.2"), insurer="Social Security Office", premium_payer="employer",
                    payable_abroad=True,
                    summary_en="If you are injured at work, the Workmen's Compensation Fund pays your care and "
                               "compensation. Your employer pays for it.",
                    summary_km="ប្រសិនបើអ្នករងរបួសនៅកន្លែងការងារ មូលនិធិសំណងការងារនឹងបង់ថ្លៃព្យាបាល "
                               "និងសំណងឱ្យអ្នក។ និយោជករបស់អ្នកជាអ្នកបង់ភាគទាន។",
                    clause="Art. 16",
                ),
            ],
        ),
    }


def _korea(year: int) -> dict[str, Any]:
    return {
        "partner_country": "KR", "channel": Channel.G2G,
        "title": "Employment Permit System (EPS) MoU, Cambodia–Republic of Korea",
        "title_km": "អនុស្សរណៈនៃការយោគយល់គ្នាស្តីពីប្រព័ន្ធលិខិតអនុញ្ញាតការងារ (EPS) កម្ពុជា–សាធារណរដ្ឋកូរ៉េ",
        "terms": VersionTerms(
            signed_date=datetime.date(2024, 3, 15), in_force_from=datetime.date(2024, 4, 1),
            source_document="MoU on the Sending and Receiving of Workers under the Employment Permit System",
            source_document_km="អនុស្សរណៈនៃការយោគយល់គ្នាស្តីពីការបញ្ជូន និងការទទួលកម្មករ "
                               "ក្រោមប្រព័ន្ធលិខិតអនុញ្ញាតការងារ",
            sectors=["C", "A", "F", "03"], sectors_clause="Art. 3",
            hours_per_day=D("8"), hours_per_week=D("40"), hours_clause="Art. 10",
            min_weekly_rest_days=1, rest_clause="Art. 10", overtime_rate=D("1.5"), overtime_clause="Art. 10",
            contract_min_months=12, contract_max_months=36, contract_clause="Art. 9",
            max_stay_months=58, stay_clause="Art. 9.3",
            reentry_rule="A worker who completes the stay with one employer may re-enter after three months "
                         "(sincere-worker re-entry).",
            reentry_rule_km="កម្មករដែលបញ្ចប់រយៈពេលស្នាក់នៅជាមួយនិយោជកតែមួយ អាចចូលមកវិញបន្ទាប់ពីបីខែ "
                            "(ការចូលវិញរបស់កម្មករស្មោះត្រង់)។",
            cooling_off_months=3, reentry_clause="Art. 9.4",
            min_age=18, max_age=39, age_clause="Art. 5",
            eligibility_clause="Art. 5", roster_validity_months=12, roster_clause="Art. 6",
            zero_fee=False, fee_clause="Art. 12",
            attestation_required=False, review_working_days=5, review_clause="Art. 7",
            wage_floors=[
                WageFloorData(sector=s, amount=D("10030"), currency="KRW", period="hour", clause="Art. 10.2")
                for s in ("C", "A", "F", "03")
            ],
            required_tests=[
                RequiredTestData(name="EPS-TOPIK",
                    name_km="ការប្រឡងភាសាកូរ៉េ EPS-TOPIK", kind="language", min_score="80", clause="Art. 5.2"),
                RequiredTestData(name="EPS skills test",
                    name_km="ការប្រឡងជំនាញ EPS", kind="skills", min_score="Pass", clause="Art. 5.3"),
            ],
            fee_items=[
                FeeItemData(name="Recruitment and placement",
                    name_km="ការជ្រើសរើស និងការដាក់ឱ្យធ្វើការ", payer="employer", clause="Art. 12.1"),
                FeeItemData(name="EPS-TOPIK test fee",
                    name_km="ថ្លៃប្រឡង EPS-TOPIK", payer="worker", cap_amount=D("24"), cap_currency="USD",
                            clause="Art. 12.2"),
                FeeItemData(name="Air ticket to Korea",
                    name_km="សំបុត្រយន្តហោះទៅកូរ៉េ", payer="worker", cap_amount=D("450"), cap_currency="USD",
                            clause="Art. 12.2"),
            ],
            protections=_PROTECTIONS,
            quotas=[
                QuotaData(year=year, sector="C", cap=6000, clause="Annual quota letter"),
                QuotaData(year=year, sector="A", cap=3500, clause="Annual quota letter"),
                QuotaData(year=year, sector="F", cap=1000, clause="Annual quota letter"),
                QuotaData(year=year, sector="03", cap=500, clause="Annual quota letter"),
            ],
            portability_rules=[
                PortabilityData(
                    branch="special", scheme="Departure guarantee insurance", mandatory=True,
                    scheme_km="ធានារ៉ាប់រងធានាការចាកចេញ", insurer_km="ក្រុមហ៊ុនធានារ៉ាប់រង Samsung Fire & Marine",
                    premium_km="៨,៣% នៃប្រាក់ឈ្នួលប្រចាំខែ", proof_required_km="លិខិតឆ្លងដែន និងសំបុត្រធ្វើដំណើរចាកចេញ",
                    employer_percent=D("8.3"), insurer="Samsung Fire & Marine Insurance", premium_payer="employer",
                    premium="8.3% of monthly wage", lump_sum_on_leaving=True, lump_sum_min_months=12,
                    payable_abroad=True, proof_required="Passport and departure ticket",
                    summary_en="Your employer pays 8.3% of your monthly wage into departure guarantee insurance. "
                               "You receive it when you leave Korea after at least one year of work.",
                    summary_km="និយោជករបស់អ្នកបង់ ៨,៣% នៃប្រាក់ឈ្នួលប្រចាំខែចូលក្នុងធានារ៉ាប់រងធានាការចាកចេញ។ "
                               "អ្នកនឹងទទួលបានប្រាក់នេះនៅពេលចាកចេញពីកូរ៉េ បន្ទាប់ពីធ្វើការយ៉ាងហោចណាស់មួយឆ្នាំ។",
                    clause="Art. 13",
                ),
                PortabilityData(
                    branch="special", scheme="Return-cost insurance", mandatory=True, premium_payer="worker",
                    scheme_km="ធានារ៉ាប់រងថ្លៃធ្វើដំណើរត្រឡប់", premium_km="៤០០.០០០–៦០០.០០០ វ៉ុន",
                    purchase_deadline_km="ក្នុងរយៈពេល ៨០ ថ្ងៃនៃកិច្ចសន្យាការងារ",
                    insurer_km="ក្រុមហ៊ុនធានារ៉ាប់រង Samsung Fire & Marine",
                    premium="400,000–600,000 KRW", purchase_deadline="Within 80 days of the employment contract",
                    insurer="Samsung Fire & Marine Insurance", payable_abroad=True,
                    summary_en="You must buy return-cost insurance (400,000 to 600,000 won) within 80 days of "
                               "starting work. It pays for your ticket home.",
                    summary_km="អ្នកត្រូវទិញធានារ៉ាប់រងថ្លៃធ្វើដំណើរត្រឡប់ (៤០០.០០០ ទៅ ៦០០.០០០ វ៉ុន) "
                               "ក្នុងរយៈពេល ៨០ ថ្ងៃបន្ទាប់ពីចាប់ផ្តើមធ្វើការ។ វាបង់ថ្លៃសំបុត្រត្រឡប់ទៅផ្ទះរបស់អ្នក។",
                    clause="Art. 13",
                ),
                PortabilityData(
                    branch="old_age", scheme="National Pension (lump-sum refund for E-9 workers)", mandatory=True,
                    scheme_km="ប្រាក់សោធននិវត្តន៍ជាតិ (ការបង្វិលប្រាក់ដុំជូនកម្មករ E-9)",
                    insurer_km="សេវាប្រាក់សោធននិវត្តន៍ជាតិ", claim_deadline_km="នៅពេលចាកចេញពីកូរ៉េ",
                    proof_required_km="លិខិតឆ្លងដែន គណនីធនាគារ ភស្តុតាងនៃការចាកចេញ",
                    employer_percent=D("4.5"), worker_percent=D("4.5"), premium_payer="shared",
                    lump_sum_on_leaving=True, payable_abroad=True, insurer="National Pension Service",
                    claim_deadline="When leaving Korea", proof_required="Passport, bank account, departure proof",
                    summary_en="You and your employer each pay 4.5% of your wage into the National Pension. "
                               "Cambodian workers have been enrolled since 29 March 2023 and can claim the "
                               "contributions back as a lump sum when they leave Korea.",
                    summary_km="អ្នក និងនិយោជកម្នាក់ៗបង់ ៤,៥% នៃប្រាក់ឈ្នួលទៅប្រាក់សោធននិវត្តន៍ជាតិ។ "
                               "កម្មករកម្ពុជាត្រូវបានចុះឈ្មោះចាប់ពីថ្ងៃទី ២៩ ខែមីនា ឆ្នាំ ២០២៣ "
                               "ហើយអាចទាមទារប្រាក់ភាគទានវិញជាប្រាក់ដុំនៅពេលចាកចេញពីកូរ៉េ។",
                    clause="Art. 13",
                ),
            ],
        ),
    }


def _malaysia(year: int) -> dict[str, Any]:
    return {
        "partner_country": "MY", "channel": Channel.PRIVATE,
        "title": "Cambodia–Malaysia MoU on the Recruitment and Employment of Workers",
        "title_km": "អនុស្សរណៈនៃការយោគយល់គ្នា កម្ពុជា–ម៉ាឡេស៊ី ស្តីពីការជ្រើសរើស និងការងាររបស់កម្មករ",
        "terms": VersionTerms(
            signed_date=datetime.date(2015, 12, 10), in_force_from=datetime.date(2016, 1, 1),
            source_document="MoU on the Recruitment and Employment of Workers",
            source_document_km="អនុស្សរណៈនៃការយោគយល់គ្នាស្តីពីការជ្រើសរើស និងការងាររបស់កម្មករ",
            sectors=["C", "F", "A"], sectors_clause="Art. 2",
            hours_per_day=D("8"), hours_per_week=D("45"), hours_clause="Art. 8",
            min_weekly_rest_days=1, rest_clause="Art. 8", overtime_rate=D("1.5"), overtime_clause="Art. 8",
            contract_min_months=12, contract_max_months=24, contract_clause="Art. 7",
            max_stay_months=120, stay_clause="Art. 7",
            reentry_rule="A worker may renew the permit yearly up to the maximum stay.", cooling_off_months=0,
            reentry_rule_km="កម្មករអាចបន្តលិខិតអនុញ្ញាតជារៀងរាល់ឆ្នាំ រហូតដល់រយៈពេលស្នាក់នៅអតិបរមា។",
            min_age=18, max_age=45, age_clause="Art. 5", eligibility_clause="Art. 5",
            roster_validity_months=12, roster_clause="Art. 5",
            zero_fee=True, fee_clause="Art. 10",
            attestation_required=True, attestation_clause="Art. 6", review_working_days=7, review_clause="Art. 6",
            wage_floors=[
                WageFloorData(sector=s, amount=D("1700"), currency="MYR", period="month", clause="Art. 8.1")
                for s in ("C", "F", "A")
            ],
            fee_items=[
                FeeItemData(name="Recruitment service fee",
                    name_km="ថ្លៃសេវាជ្រើសរើស", payer="employer", clause="Art. 10"),
                FeeItemData(name="Levy, visa and work permit",
                    name_km="ពន្ធលើកម្មករបរទេស ទិដ្ឋាការ និងលិខិតអនុញ្ញាតការងារ", payer="employer", clause="Art. 10"),
                FeeItemData(name="Air ticket",
                    name_km="សំបុត្រយន្តហោះ", payer="employer", clause="Art. 10"),
                FeeItemData(name="Medical check (FOMEMA)",
                    name_km="ការពិនិត្យសុខភាព (FOMEMA)", payer="employer", clause="Art. 10"),
            ],
            protections=_PROTECTIONS,
            quotas=[
                QuotaData(year=year, sector="C", cap=8000, clause="Annex"),
                QuotaData(year=year, sector="F", cap=5000, clause="Annex"),
                QuotaData(year=year, sector="A", cap=4000, clause="Annex"),
            ],
            portability_rules=[
                PortabilityData(
                    branch="employment_injury", scheme="SOCSO Employment Injury Scheme", mandatory=True,
                    scheme_km="គម្រោងគ្រោះថ្នាក់ការងាររបស់ SOCSO", insurer_km="អង្គការសន្តិសុខសង្គម PERKESO (SOCSO)",
                    employer_percent=D("1.25"), premium_payer="employer", payable_abroad=True,
                    insurer="PERKESO (SOCSO)",
                    summary_en="Since 2019 you are covered by SOCSO if you are injured at work. Your employer "
                               "pays 1.25% of your wage for it.",
                    summary_km="ចាប់ពីឆ្នាំ ២០១៩ អ្នកត្រូវបានការពារដោយ SOCSO ប្រសិនបើរងរបួសនៅកន្លែងការងារ។ "
                               "និយោជករបស់អ្នកបង់ ១,២៥% នៃប្រាក់ឈ្នួលរបស់អ្នកសម្រាប់ការនេះ។",
                    clause="Art. 11",
                ),
                PortabilityData(
                    branch="invalidity", scheme="SOCSO Invalidity Scheme", mandatory=True, premium_payer="shared",
                    scheme_km="គម្រោងពិការភាពរបស់ SOCSO", insurer_km="អង្គការសន្តិសុខសង្គម PERKESO (SOCSO)",
                    insurer="PERKESO (SOCSO)", payable_abroad=True,
                    summary_en="Since July 2024 SOCSO also covers you if an illness or accident leaves you "
                               "unable to work, at work or outside it.",
                    summary_km="ចាប់ពីខែកក្កដា ឆ្នាំ ២០២៤ SOCSO ក៏ការពារអ្នកផងដែរ ប្រសិនបើជំងឺ ឬគ្រោះថ្នាក់ "
                               "ធ្វើឱ្យអ្នកមិនអាចធ្វើការបាន ទោះនៅកន្លែងការងារ ឬក្រៅកន្លែងការងារ។",
                    clause="Art. 11",
                ),
            ],
        ),
    }


def _japan(year: int) -> dict[str, Any]:
    return {
        "partner_country": "JP", "channel": Channel.PRIVATE,
        "title": "Cambodia–Japan Memorandum of Cooperation on Specified Skilled Workers",
        "title_km": "អនុស្សរណៈនៃកិច្ចសហប្រតិបត្តិការ កម្ពុជា–ជប៉ុន ស្តីពីកម្មករជំនាញជាក់លាក់",
        "terms": VersionTerms(
            signed_date=datetime.date(2019, 6, 25), in_force_from=datetime.date(2019, 7, 1),
            source_document="Memorandum of Cooperation on a Basic Framework for Information Partnership for "
                            "Proper Operation of the System Pertaining to Foreign Human Resources with the "
                            "Status of Residence of Specified Skilled Worker",
            source_document_km="អនុស្សរណៈនៃកិច្ចសហប្រតិបត្តិការស្តីពីក្របខ័ណ្ឌមូលដ្ឋានសម្រាប់ភាពជាដៃគូផ្នែកព័ត៌មាន "
                               "ដើម្បីការប្រតិបត្តិត្រឹមត្រូវនៃប្រព័ន្ធទាក់ទងនឹងធនធានមនុស្សបរទេស "
                               "ដែលមានស្ថានភាពស្នាក់នៅជាកម្មករជំនាញជាក់លាក់",
            sectors=["C", "F", "A", "Q", "I"], sectors_clause="Annex",
            hours_per_day=D("8"), hours_per_week=D("40"), hours_clause="Labour Standards Act",
            min_weekly_rest_days=1, rest_clause="Labour Standards Act", overtime_rate=D("1.25"),
            overtime_clause="Labour Standards Act",
            contract_min_months=12, contract_max_months=60, contract_clause="Sec. 3",
            max_stay_months=60, stay_clause="Sec. 3",
            reentry_rule="Specified Skilled Worker (i) may stay five years in total.", cooling_off_months=0,
            reentry_rule_km="កម្មករជំនាញជាក់លាក់ (i) អាចស្នាក់នៅបានសរុបប្រាំឆ្នាំ។",
            min_age=18, max_age=50, age_clause="Sec. 4", eligibility_clause="Sec. 4",
            roster_validity_months=12, roster_clause="Sec. 4",
            zero_fee=True, fee_clause="Sec. 5",
            attestation_required=False, review_working_days=7, review_clause="Sec. 6",
            wage_floors=[
                WageFloorData(sector=s, amount=D("1055"), currency="JPY", period="hour", clause="Sec. 3.2")
                for s in ("C", "F", "A", "Q", "I")
            ],
            required_tests=[
                RequiredTestData(name="JLPT",
                    name_km="ការប្រឡងសមត្ថភាពភាសាជប៉ុន JLPT", kind="language", min_score="N4", clause="Sec. 4.1"),
                RequiredTestData(name="Specified Skilled Worker skills test",
                    name_km="ការប្រឡងជំនាញកម្មករជំនាញជាក់លាក់", kind="skills", min_score="Pass",
                                 clause="Sec. 4.2"),
            ],
            fee_items=[
                FeeItemData(name="Recruitment and placement",
                    name_km="ការជ្រើសរើស និងការដាក់ឱ្យធ្វើការ", payer="employer", clause="Sec. 5"),
                FeeItemData(name="Support plan (registered support organisation)",
                    name_km="ផែនការគាំទ្រ (អង្គភាពគាំទ្រដែលបានចុះបញ្ជី)", payer="employer",
                            clause="Sec. 5"),
            ],
            protections=_PROTECTIONS,
            quotas=[
                QuotaData(year=year, sector="Q", cap=1500, clause="Annual allocation"),
                QuotaData(year=year, sector="C", cap=2000, clause="Annual allocation"),
                QuotaData(year=year, sector="F", cap=800, clause="Annual allocation"),
                QuotaData(year=year, sector="A", cap=700, clause="Annual allocation"),
                QuotaData(year=year, sector="I", cap=500, clause="Annual allocation"),
            ],
            portability_rules=[
                PortabilityData(
                    branch="old_age", scheme="Employees' Pension Insurance (lump-sum withdrawal payment)",
                    scheme_km="ធានារ៉ាប់រងប្រាក់សោធននិវត្តន៍និយោជិត (ប្រាក់ដុំដកចេញ)",
                    claim_deadline_km="ក្នុងរយៈពេល ២ ឆ្នាំបន្ទាប់ពីចាកចេញពីជប៉ុន",
                    insurer_km="សេវាប្រាក់សោធននិវត្តន៍ជប៉ុន", proof_required_km="សៀវភៅប្រាក់សោធន លិខិតឆ្លងដែន គណនីធនាគារ",
                    mandatory=True, employer_percent=D("9.15"), worker_percent=D("9.15"), premium_payer="shared",
                    lump_sum_on_leaving=True, lump_sum_min_months=6,
                    claim_deadline="Within 2 years of leaving Japan", payable_abroad=True,
                    insurer="Japan Pension Service", proof_required="Pension book, passport, bank account",
                    summary_en="If you paid into the Japanese pension for at least 6 months, you can claim a "
                               "lump-sum withdrawal payment. Claim it within 2 years of leaving Japan.",
                    summary_km="ប្រសិនបើអ្នកបានបង់ចូលប្រាក់សោធននិវត្តន៍ជប៉ុនយ៉ាងហោចណាស់ ៦ ខែ "
                               "អ្នកអាចទាមទារប្រាក់ដុំដកចេញបាន។ សូមទាមទារក្នុងរយៈពេល ២ ឆ្នាំ "
                               "បន្ទាប់ពីចាកចេញពីជប៉ុន។",
                    clause="Sec. 7",
                ),
            ],
        ),
    }


def load_demo_agreements(*, actor: Any, year: int) -> int:
    """Create the four illustrative agreements once; returns how many were created."""
    created = 0
    for build in (_thailand, _korea, _malaysia, _japan):
        spec = build(year)
        if Agreement.objects.filter(title__in=[spec["title"], spec["title"] + _OLD_MARKER]).exists():
            continue
        agreement_create(
            actor=actor, status=AgreementStatus.IN_FORCE, illustrative=True,
            reason="Demo data: illustrative terms from public facts", **spec,
        )
        created += 1
    return created


def load_demo() -> str:
    """The demo step of `manage.py load_demo`: the agreements, entered by the platform administrator."""
    actor = User.objects.get(username="admin")
    return f"{load_demo_agreements(actor=actor, year=timezone.localdate().year)} agreements created"
