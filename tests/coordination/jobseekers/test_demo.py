"""The job seekers' demo: loads after the agreements' and demand's, twice without change, and shows what the demo
logins need (the agency sees someone; a withdrawn consent; a likely duplicate across scripts left undecided)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from accounts.models import User
from coordination.jobseekers.demo import SEEKERS
from coordination.jobseekers.duplicates import likely_matches
from coordination.jobseekers.models import Consent, DuplicateDecision, JobSeeker, ProfileView
from coordination.jobseekers.selectors import seeker_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    call_command("load_demo", verbosity=0)


def test_the_demo_registers_every_seeker_in_the_counsellors_job_centre(demo: None) -> None:
    counsellor = User.objects.get(username="counsellor")
    seekers = JobSeeker.objects.filter(job_centre=counsellor.organisation)
    assert seekers.count() == len(SEEKERS) == 12
    assert seekers.exclude(district=None).count() == 12  # every address down to a district at least
    assert seekers.filter(name_km="").exists() and seekers.filter(name_latin="").exists()


def test_loading_twice_changes_nothing(demo: None) -> None:
    before = (JobSeeker.objects.count(), Consent.objects.count(), ProfileView.objects.count())
    call_command("load_demo", verbosity=0)
    assert (JobSeeker.objects.count(), Consent.objects.count(), ProfileView.objects.count()) == before


def test_the_demo_agency_sees_the_vetted_seekers_who_consented(demo: None) -> None:
    agency = User.objects.get(username="agency")
    names = set(seeker_list(actor=agency).values_list("name_latin", flat=True))
    assert names == {"Chan Sophea", "Heng Vichet", "Kim Sokha", "Pov Sreyleak"}


def test_one_consent_is_withdrawn_and_kept(demo: None) -> None:
    seeker = JobSeeker.objects.get(name_latin="Mao Sophal")
    assert not seeker.consent_active
    assert seeker.consents.get().withdrawn_at is not None


def test_the_pair_in_two_scripts_is_a_likely_duplicate_left_undecided(demo: None) -> None:
    latin = JobSeeker.objects.get(name_latin="Soem Sreyneang")
    khmer = JobSeeker.objects.get(name_km="ស៊ឹម ស្រីនាង")
    found = likely_matches({"date_of_birth": khmer.date_of_birth, "name_latin_key": khmer.name_latin_key,
                            "name_km_romanised": khmer.name_km_romanised, "phone": khmer.phone}, exclude=khmer)
    assert [c.seeker for c in found] == [latin]
    assert not DuplicateDecision.objects.exists()


def test_the_eligibility_shown_and_the_rosters_come_from_one_rule(demo: None) -> None:
    """What the profile says for each agreement (eligible and on the roster, or not) is what the rosters hold:
    no seeker is shown as meeting every requirement of Malaysia's (or any) agreement without an entry on it, and
    no entry outlives the evidence it rests on."""
    from coordination.jobseekers.eligibility import RosterState, seekers_eligibility
    from coordination.jobseekers.models import RosterEntry, RosterStatus

    counsellor = User.objects.get(username="counsellor")
    seekers = JobSeeker.objects.filter(job_centre=counsellor.organisation)
    on_malaysia = set()
    for seeker_id, results in seekers_eligibility(seekers).items():
        for result in results:
            assert result.roster_state != RosterState.NOT_ON_ROSTER, (seeker_id, result.agreement.title)
            active = RosterEntry.objects.filter(seeker_id=seeker_id, agreement=result.agreement,
                                                status=RosterStatus.ACTIVE)
            assert active.exists() == (result.roster_state == RosterState.ON_ROSTER), (seeker_id,
                                                                                      result.agreement.title)
            if result.roster_entry is not None:
                assert result.met_until is None or result.roster_entry.valid_until <= result.met_until
                if result.agreement.partner_country.iso2 == "MY":
                    on_malaysia.add(JobSeeker.objects.get(pk=seeker_id).name_latin)
    assert on_malaysia == {"Chan Sophea", "Heng Vichet", "Kim Sokha", "Pov Sreyleak"}  # all four meet it
