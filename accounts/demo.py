"""Demo organisations and one demo user per role (for `make run` and the browser tests)."""

from __future__ import annotations

from django.db import transaction

from accounts.models import Organisation, OrganisationKind, Role, User
from reference.models import Country

DEMO_PASSWORD = "corridor-demo"  # noqa: S105 — printed by `make run`; never used outside the demo

# Khmer names of the demo organisations that write one (the employers abroad do not).
DEMO_NAMES_KM = {
    "Ministry of Labour and Vocational Training": "ក្រសួងការងារ និងបណ្តុះបណ្តាលវិជ្ជាជីវៈ",
    "Angkor Manpower Recruitment (demo)": "ក្រុមហ៊ុនជ្រើសរើសកម្លាំងពលកម្មអង្គរ (សាកល្បង)",
    "NEA Job Centre Phnom Penh (demo)": "មជ្ឈមណ្ឌលការងារ ភ្នំពេញ នៃទីភ្នាក់ងារជាតិមុខរបរ និងការងារ (សាកល្បង)",
    "Labour Attaché, Royal Embassy of Cambodia in Bangkok (demo)":
        "ទីប្រឹក្សាការងារ ស្ថានទូតកម្ពុជាប្រចាំទីក្រុងបាងកក (សាកល្បង)",
}

DEMO_ORGANISATIONS = [
    ("Ministry of Labour and Vocational Training", OrganisationKind.MINISTRY, "KH", ""),
    ("Siam Garments Co., Ltd. (demo)", OrganisationKind.EMPLOYER, "TH", ""),
    ("Hanbit Manufacturing (demo)", OrganisationKind.EMPLOYER, "KR", ""),
    ("Angkor Manpower Recruitment (demo)", OrganisationKind.AGENCY, "KH", "MOLVT-LIC-0042"),
    ("NEA Job Centre Phnom Penh (demo)", OrganisationKind.JOB_CENTRE, "KH", ""),
    ("Labour Attaché, Royal Embassy of Cambodia in Bangkok (demo)", OrganisationKind.EMBASSY, "TH", ""),
]

# username, organisation, role, first name, last name
DEMO_USERS = [
    ("ministry.admin", "Ministry of Labour and Vocational Training", Role.MINISTRY_ADMIN, "Sokha", "Chan"),
    ("ministry.reviewer", "Ministry of Labour and Vocational Training", Role.MINISTRY_REVIEWER, "Dara", "Keo"),
    ("employer.th", "Siam Garments Co., Ltd. (demo)", Role.EMPLOYER_STAFF, "Somchai", "Wong"),
    ("employer.kr", "Hanbit Manufacturing (demo)", Role.EMPLOYER_STAFF, "Min-jun", "Park"),
    ("agency", "Angkor Manpower Recruitment (demo)", Role.AGENCY_STAFF, "Vuthy", "Sok"),
    ("counsellor", "NEA Job Centre Phnom Penh (demo)", Role.COUNSELLOR, "Sreymom", "Ly"),
    ("attache", "Labour Attaché, Royal Embassy of Cambodia in Bangkok (demo)", Role.EMBASSY_OFFICER,
     "Rithy", "Nhem"),
]


@transaction.atomic
def load_demo_users() -> User:
    """Create demo organisations and users if missing; returns the platform administrator."""
    countries = {c.iso2: c for c in Country.objects.filter(iso2__in={o[2] for o in DEMO_ORGANISATIONS})}
    orgs = {}
    for name, kind, iso2, licence in DEMO_ORGANISATIONS:
        orgs[name], _ = Organisation.objects.get_or_create(
            name=name, defaults={"kind": kind, "country": countries[iso2], "licence_number": licence,
                                 "name_km": DEMO_NAMES_KM.get(name, "")}
        )
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        admin = User.objects.create_superuser("admin", "admin@corridor.local", DEMO_PASSWORD,
                                              first_name="Platform", last_name="Administrator")
    for username, org, role, first, last in DEMO_USERS:
        if not User.objects.filter(username=username).exists():
            user = User(username=username, organisation=orgs[org], role=role, first_name=first, last_name=last,
                        email=f"{username}@corridor.local")
            user.set_password(DEMO_PASSWORD)
            user.save()
    return admin


def load_demo() -> str:
    """The demo step of `manage.py load_demo`."""
    load_demo_users()
    return f"{len(DEMO_USERS) + 1} demo users"
