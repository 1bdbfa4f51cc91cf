"""The notification_list page (notification_list_view in frontend/notifications/)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from notifications.models import Notification
from notifications.services import notify
from tests.notifications.pages.helpers import EXPECTED, _notify
from tests.pages import ROLES, assert_status


@pytest.mark.parametrize("role", ROLES)
def test_list_by_role(as_role, users, role):
    assert_status(as_role(role).get(reverse("notification_list")), EXPECTED[role])


def test_each_user_sees_only_their_own(as_role, users):
    _notify(users["employer_th"], title="Your demand letter DL-TH-1 was returned")
    _notify(users["employer_kr"], title="Your demand letter DL-KR-9 was approved")
    html = as_role("employer_th").get(reverse("notification_list")).content.decode()
    assert "DL-TH-1" in html and "DL-KR-9" not in html
    assert "1 notification" in html
    # Administrators have no view of other people's notifications either.
    html = as_role("ministry_admin").get(reverse("notification_list")).content.decode()
    assert "DL-TH-1" not in html and "DL-KR-9" not in html
    assert "You have no notifications yet." in html


def test_list_is_newest_first_highlights_unread_and_paginates(as_role, users):
    user = users["ministry_reviewer"]
    for i in range(27):
        _notify(user, title=f"Reminder {i:02d}")
    Notification.objects.filter(user=user, title="Reminder 26").update(read_at="2030-01-01T00:00Z")
    client = as_role("ministry_reviewer")
    html = client.get(reverse("notification_list")).content.decode()
    assert "27 notifications" in html
    assert html.index("Reminder 26") < html.index("Reminder 25")
    assert "Reminder 01" not in html and "Page 1 of 2" in html
    assert html.count('class="event event--unread"') == 24
    assert "Unread (26)" in html
    html = client.get(reverse("notification_list"), {"page": 2}).content.decode()
    assert "Reminder 00" in html and "Reminder 01" in html
    html = client.get(reverse("notification_list"), {"show": "unread"}).content.decode()
    assert "26 unread notifications" in html and "Reminder 26" not in html


def test_mark_one_read(as_role, users):
    n = _notify(users["agency"])
    client = as_role("agency")
    next_url = reverse("notification_list") + "?page=1"
    response = client.post(reverse("notification_read", args=[n.pk]), {"next": next_url})
    assert response.status_code == 302 and response.url == next_url
    n.refresh_from_db()
    assert n.read_at is not None
    html = client.get(next_url).content.decode()
    assert "is marked as read" in html
    assert 'class="event event--unread"' not in html


def test_khmer_page_renders(as_role, users):
    _notify(users["agency"])
    client = as_role("agency")
    response = client.get(reverse("notification_list"), HTTP_ACCEPT_LANGUAGE="km")
    assert response.status_code == 200


def test_the_demand_letter_is_named(as_role, users, agreements):
    import datetime

    from django.contrib.contenttypes.models import ContentType

    from demand.models import DemandLetter

    letter = DemandLetter.objects.create(
        reference="DL-TH-2031-0042", employer=users["employer_th"].organisation, agreement=agreements["TH"],
        valid_from=datetime.date(2031, 1, 1), valid_until=datetime.date(2031, 12, 31),
    )
    notify(users=[users["employer_th"]], kind="demand.returned", title="Your demand letter was returned",
           body="Please correct the wage of position 2.", target=letter, email=False, sms=False)
    html = as_role("employer_th").get(reverse("notification_list")).content.decode()
    assert "Demand letter DL-TH-2031-0042" in html
    made = Notification.objects.get(target_type=ContentType.objects.get_for_model(DemandLetter),
                                    target_id=str(letter.pk))
    assert made.user == users["employer_th"] and made.target_label == "DL-TH-2031-0042"
    html = as_role("employer_th").get(reverse("notification_list"), HTTP_ACCEPT_LANGUAGE="km").content.decode()
    assert "DL-TH-2031-0042" in html and "Demand letter DL-TH-2031-0042" not in html


def test_any_target_is_named_by_its_type_and_label(as_role, users):
    from notifications.services import NotificationTarget

    organisation = users["employer_th"].organisation
    notify(users=[users["employer_th"]], kind="accounts.renamed", title="Your organisation was renamed",
           body="", target=NotificationTarget.of(organisation, link="/agreements/", label="Siam Rubber Co."),
           email=False, sms=False)
    html = as_role("employer_th").get(reverse("notification_list")).content.decode()
    assert "Organisation Siam Rubber Co." in html
    assert Notification.objects.get(user=users["employer_th"]).link == "/agreements/"


def test_a_notification_reads_in_the_readers_language_whatever_language_wrote_it(as_role, users):
    """Written while English was active, read in Khmer: the stored key is rendered for the reader, data kept."""
    from django.utils.translation import gettext_lazy, override

    from i18n.messages import message

    with override("en"):
        [n] = notify(users=[users["agency"]], kind="demand.allocated",
                     title=message(gettext_lazy("Demand letter %(ref)s allocated to your agency"), ref="DL-KR-9"),
                     body=message(gettext_lazy("%(employer)s: see the positions allocated to you."),
                                  employer="Hanil Co."),
                     link="/agreements/", email=False, sms=False)
    assert n.title == "Demand letter DL-KR-9 allocated to your agency"  # the English copy, for the admin
    client = as_role("agency")
    english = client.get(reverse("notification_list")).content.decode()
    assert "Demand letter DL-KR-9 allocated to your agency" in english
    client.post(reverse("set_language"), {"language": "km", "next": "/"})
    khmer = client.get(reverse("notification_list")).content.decode()
    assert "DL-KR-9" in khmer and "Hanil Co." in khmer
    assert "allocated to your agency" not in khmer and "see the positions allocated" not in khmer
