"""The notifications pages and the unread count in the header."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import Notification
from notifications.services import notify
from tests.pages import LOGIN, ROLES, assert_status

EXPECTED = dict.fromkeys(ROLES, 200) | {"anonymous": LOGIN, "inactive": LOGIN}


def _notify(user, title="Demand letter DL-3 approved", link="/agreements/"):
    [n] = notify(users=[user], kind="demand.approved", title=title, body="The ministry approved it.", link=link,
                 email=False, sms=False)
    return n


@pytest.mark.parametrize("role", ROLES)
def test_list_by_role(as_role, users, role):
    assert_status(as_role(role).get(reverse("notification_list")), EXPECTED[role])


@pytest.mark.parametrize("name", ["notification_read", "notification_open"])
def test_anonymous_is_sent_to_sign_in(as_role, users, name):
    n = _notify(users["agency"])
    client = as_role("anonymous")
    response = client.post(reverse(name, args=[n.pk])) if name.endswith("read") else client.get(
        reverse(name, args=[n.pk]))
    assert_status(response, LOGIN)
    n.refresh_from_db()
    assert n.read_at is None


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


def test_next_must_be_the_notifications_page(as_role, users):
    n = _notify(users["agency"])
    response = as_role("agency").post(reverse("notification_read", args=[n.pk]), {"next": "https://evil.example/"})
    assert response.url == reverse("notification_list")


def test_marking_someone_elses_is_not_found(as_role, users):
    theirs = _notify(users["employer_kr"])
    client = as_role("employer_th")
    assert_status(client.post(reverse("notification_read", args=[theirs.pk])), 404)
    assert_status(client.get(reverse("notification_open", args=[theirs.pk])), 404)
    assert_status(client.post(reverse("notification_read", args=[999999])), 404)
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_read_needs_post(as_role, users):
    n = _notify(users["agency"])
    assert_status(as_role("agency").get(reverse("notification_read", args=[n.pk])), 405)
    assert_status(as_role("agency").get(reverse("notification_read_all")), 405)


def test_mark_all_read(as_role, users):
    mine = [_notify(users["counsellor"]) for _ in range(3)]
    theirs = _notify(users["agency"])
    client = as_role("counsellor")
    response = client.post(reverse("notification_read_all"), follow=True)
    assert "3 notifications are marked as read." in response.content.decode()
    assert all(Notification.objects.get(pk=n.pk).read_at for n in mine)
    theirs.refresh_from_db()
    assert theirs.read_at is None
    html = client.post(reverse("notification_read_all"), follow=True).content.decode()
    assert "You have no unread notifications." in html


def test_open_marks_read_and_follows_the_link(as_role, users):
    n = _notify(users["attache"], link="/agreements/?status=in_force")
    response = as_role("attache").get(reverse("notification_open", args=[n.pk]))
    assert response.status_code == 302 and response.url == "/agreements/?status=in_force"
    n.refresh_from_db()
    assert n.read_at is not None


def test_open_a_bad_stored_link_stays_on_the_site(as_role, users):
    n = _notify(users["attache"])
    Notification.objects.filter(pk=n.pk).update(link="//evil.example/")
    response = as_role("attache").get(reverse("notification_open", args=[n.pk]))
    assert response.url == reverse("notification_list")


def test_header_shows_the_unread_count(as_role, users):
    for _ in range(3):
        _notify(users["employer_th"])
    html = as_role("employer_th").get(reverse("home")).content.decode()
    link = f'href="{reverse("notification_list")}">Notifications (3<span class="visually-hidden"> unread</span>)</a>'
    assert link in html
    Notification.objects.filter(user=users["employer_th"]).update(read_at="2030-01-01T00:00Z")
    html = as_role("employer_th").get(reverse("home")).content.decode()
    assert f'href="{reverse("notification_list")}">Notifications</a>' in html


def test_header_count_costs_one_query_and_none_when_signed_out(as_role, users):
    _notify(users["agency"])
    client = as_role("agency")
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("home"))
    counts = [q["sql"] for q in queries if "notifications_notification" in q["sql"]]
    assert len(counts) == 1 and "COUNT(" in counts[0]
    client = as_role("anonymous")
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("login")).content.decode()
    assert not [q for q in queries if "notifications_notification" in q["sql"]]
    assert "Notifications" not in html


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
    assert "DL-TH-2031-0042" in html and "Demand letter DL-TH-2031-0042" not in html  # the type in Khmer


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
