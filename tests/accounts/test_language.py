"""The language a person uses the site in is remembered (the language switch, signing in), and their e-mails and
SMS are written in it."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.services import user_language_set
from i18n.messages import message
from notifications import sms
from notifications.services import delivery_send, email_for, notify, sms_text_for

pytestmark = pytest.mark.django_db


def switch(client: Client, language: str) -> None:
    response = client.post(reverse("set_language"), {"language": language, "next": reverse("home")})
    assert response.status_code == 302 and response.url == reverse("home")


def test_switching_the_language_is_remembered_for_a_signed_in_person(as_role, users):
    client = as_role("counsellor")
    switch(client, "km")
    assert User.objects.get(pk=users["counsellor"].pk).language == "km"
    switch(client, "en")
    assert User.objects.get(pk=users["counsellor"].pk).language == "en"


def test_a_language_the_site_does_not_offer_changes_nothing(as_role, users):
    client = as_role("counsellor")
    switch(client, "km")
    switch(client, "fr")
    assert User.objects.get(pk=users["counsellor"].pk).language == "km"
    assert user_language_set(user=users["counsellor"], language="xx") is False


def test_switching_when_signed_out_still_works_and_records_nothing(client, users):
    switch(client, "km")
    assert '<html lang="km">' in client.get(reverse("login")).content.decode()
    assert not User.objects.exclude(language="").exists()


def test_the_switch_refuses_get(as_role):
    assert as_role("counsellor").get(reverse("set_language")).status_code == 405


def test_signing_in_records_the_language_of_the_page(client, users):
    user = users["employer_th"]
    user.set_password("x-password-123")
    user.save()
    switch(client, "km")
    response = client.post(reverse("login"), {"username": user.username, "password": "x-password-123"})
    assert response.status_code == 302
    assert User.objects.get(pk=user.pk).language == "km"


def test_e_mail_and_sms_are_written_in_the_users_language(users, settings):
    settings.SMS_BACKEND = "notifications.sms.LocmemSmsBackend"
    sms.outbox.clear()
    user = users["counsellor"]
    user.email, user.phone = "c@example.org", "+85512345678"
    user.save()
    user_language_set(user=user, language="km")
    [n] = notify(users=[user], kind="k", title=message(gettext_lazy("Roster entry expired: %(seeker)s"),
                                                                seeker="Sok Dara"), body="")
    subject, _text = email_for(n)
    assert "Sok Dara" in subject and any("\u1780" <= ch <= "\u17ff" for ch in subject), subject
    assert any("\u1780" <= ch <= "\u17ff" for ch in sms_text_for(n))
    for delivery in n.deliveries.all():
        delivery_send(delivery_id=delivery.pk)
    assert mail.outbox[-1].subject == subject
    assert sms.outbox[-1].text.startswith(subject)
    user_language_set(user=user, language="en")
    n.user.refresh_from_db()
    assert email_for(n)[0] == "Roster entry expired: Sok Dara"


def test_someone_who_never_chose_gets_the_platforms_language(users, settings):
    settings.LANGUAGE_CODE = "en"
    User.objects.filter(pk=users["agency"].pk).update(language="")
    user = User.objects.get(pk=users["agency"].pk)
    [n] = notify(users=[user], kind="k", title="Plain title", body="")
    assert email_for(n)[0] == "Plain title"
