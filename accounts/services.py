"""Writes for organisations, users and API tokens."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import (
    ONE_AGENCY_PER_LICENCE_NUMBER,
    ROLES_BY_KIND,
    ApiToken,
    Organisation,
    OrganisationKind,
    User,
    hash_token,
    normalise_licence_number,
)
from accounts.permissions import can_manage_users, is_signed_in, require
from audit.models import AuditEvent
from audit.services import audit_record
from validation import CODE_MAX, Checker, field_of

# ---------------------------------------------------------------------------------------------------
# Licence numbers: one agency per number, checked the same way wherever a number is written (the organisations
# page, and coordination.agencies.services.agency_licence_save for the agency pages and GraphQL).


def licence_number_holder(number: str, *, exclude: Any = None) -> Organisation | None:
    """The agency that already holds this licence number (compared normalised), other than `exclude`."""
    number = normalise_licence_number(number)
    if not number:
        return None
    from django.db.models.functions import Trim, Upper

    qs = Organisation.objects.annotate(normalised=Upper(Trim("licence_number"))).filter(
        kind=OrganisationKind.AGENCY, normalised=number)
    if exclude is not None:
        qs = qs.exclude(pk=getattr(exclude, "pk", exclude))
    return qs.first()


def licence_number_taken_message(number: str, holder: Organisation) -> str:
    return _("Licence number %(number)s is already held by %(agency)s: each agency has a licence of its own. "
             "Check the number on the licence.") % {"number": normalise_licence_number(number),
                                                    "agency": holder.local_name}


@contextmanager
def licence_number_guard(number: str, *, exclude: Any = None) -> Iterator[None]:
    """Run a write of an agency's licence number; if another write took the number in the meantime (the database
    refuses it), report it on the field like the check before the write, with nothing changed."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        if ONE_AGENCY_PER_LICENCE_NUMBER not in str(exc):
            raise
        holder = licence_number_holder(number, exclude=exclude)
        text = (licence_number_taken_message(number, holder) if holder is not None
                else _("Another agency already holds this licence number."))
        raise ValidationError({"licence_number": [text]}) from None


def api_token_create(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """Create a token for the actor; returns (token, raw) — the raw value is shown once."""
    require(is_signed_in(actor))
    e = Checker()
    name = e.text("name", name, field_of(ApiToken, "name"),
                  required=_("Give the token a name, e.g. the system that will use it."))
    e.raise_if_any()
    raw = ApiToken.PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(user=actor, name=name, digest=hash_token(raw), hint=raw[:10])
        audit_record(actor=actor, action="api_token.create", target=token, after={"name": token.name})
    return token, raw


def api_token_revoke(*, actor: User, token_id: int) -> ApiToken:
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().filter(pk=token_id).first()
        if token is None or (token.user_id != actor.pk and not can_manage_users(actor)):
            raise ValidationError(_("That token does not exist."))
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit_record(
                actor=actor, action="api_token.revoke", target=token,
                before={"revoked": False}, after={"revoked": True},
            )
    return token


def api_token_authenticate(*, raw: str) -> User | None:
    if not raw.startswith(ApiToken.PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user", "user__organisation")
        .filter(digest=hash_token(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    # Record use at most once a minute, so that busy partner systems do not write on every call.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def password_check(*, password: str, user: User | None = None) -> None:
    """The password policy (settings.AUTH_PASSWORD_VALIDATORS: length, not common, not only digits, not like
    the person's name or e-mail), for every service that sets a password: ValidationError on `password`."""
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc


def user_create(
    *, actor: Any, username: str, organisation: Organisation, role: str, password: str | None = None,
    email: str = "", first_name: str = "", last_name: str = "",
) -> User:
    require(can_manage_users(actor))
    e = Checker()
    username = e.text("username", username, field_of(User, "username"), required=_("Give a username."))
    email = e.text("email", email, field_of(User, "email"))
    first_name = e.text("first_name", first_name, field_of(User, "first_name"))
    last_name = e.text("last_name", last_name, field_of(User, "last_name"))
    e.raise_if_any()
    if role not in ROLES_BY_KIND.get(organisation.kind, ()):
        raise ValidationError({"role": _("This role does not exist in an organisation of that kind.")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("That username is already taken.")})
    user = User(
        username=username, organisation=organisation, role=role, email=email,
        first_name=first_name, last_name=last_name,
    )
    if password:
        password_check(password=password, user=user)
    with transaction.atomic():
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        audit_record(
            actor=actor, action="user.create", target=user,
            after={"username": username, "organisation": organisation.name, "role": role},
        )
    return user


def _reason(reason: str, message: str) -> str:
    """A reason, cleaned and within the audit trail's column (validation)."""
    e = Checker()
    text = e.text("reason", reason, field_of(AuditEvent, "reason"), required=message)
    e.raise_if_any()
    return text


def user_set_role(*, actor: Any, user: User, role: str, reason: str) -> User:
    require(can_manage_users(actor))
    if not user.organisation_id or role not in ROLES_BY_KIND.get(user.organisation.kind, ()):
        raise ValidationError({"role": _("This role does not exist in an organisation of that kind.")})
    reason = _reason(reason, _("Say why the role changes."))
    with transaction.atomic():
        before = user.role
        user.role = role
        user.save(update_fields=["role"])
        audit_record(
            actor=actor, action="user.set_role", target=user, before={"role": before},
            after={"role": role}, reason=reason,
        )
    return user


def user_set_active(*, actor: Any, user: User, active: bool, reason: str) -> User:
    require(can_manage_users(actor))
    reason = _reason(reason, _("Say why the account is switched on or off."))
    if user.pk == getattr(actor, "pk", None) and not active:
        raise ValidationError(_("You cannot switch off your own account."))
    with transaction.atomic():
        before = user.is_active
        user.is_active = active
        user.save(update_fields=["is_active"])
        audit_record(
            actor=actor, action="user.set_active", target=user, before={"active": before},
            after={"active": active}, reason=reason,
        )
    return user


def organisation_save(
    *, actor: Any, organisation: Organisation | None = None, name: str, kind: str, country: str,
    licence_number: str = "", is_active: bool = True, reason: str = "", name_km: str = "",
) -> Organisation:
    """Register an organisation, or change one (with a reason). The kind of an organisation that has
    users cannot change, since their roles belong to it."""
    from reference.models import Country

    require(can_manage_users(actor))
    e = Checker()
    name = e.text("name", name, field_of(Organisation, "name"), required=_("Give the organisation's name."))
    name_km = e.text("name_km", name_km, field_of(Organisation, "name_km"))
    licence_number = normalise_licence_number(
        e.text("licence_number", licence_number, field_of(Organisation, "licence_number")))
    country = e.text("country", country, limit=CODE_MAX)
    reason = e.text("reason", reason, field_of(AuditEvent, "reason"))
    errors = e.errors
    if name and not e.has("name") and Organisation.objects.filter(name__iexact=name).exclude(
            pk=getattr(organisation, "pk", None)).exists():
        errors["name"] = [_("An organisation with this name already exists.")]
    if kind == OrganisationKind.AGENCY and licence_number and not e.has("licence_number"):
        holder = licence_number_holder(licence_number, exclude=organisation)
        if holder is not None:
            errors["licence_number"] = [licence_number_taken_message(licence_number, holder)]
    if kind not in ROLES_BY_KIND:
        errors["kind"] = [_("Choose the kind of organisation.")]
    elif organisation is not None and kind != organisation.kind and organisation.users.exists():
        errors["kind"] = [_("The kind cannot change while the organisation has user accounts.")]
    country_row = None if e.has("country") else Country.objects.filter(iso2=country.upper()).first()
    if country_row is None and not e.has("country"):
        errors["country"] = [_("Choose the country.")]
    if organisation is not None and not reason and not e.has("reason"):
        errors["reason"] = [_("Say why the organisation changes.")]
    if errors:
        raise ValidationError(errors)
    fields = {"name": name, "name_km": (name_km or "").strip(), "kind": kind, "country": country_row,
              "licence_number": licence_number, "is_active": is_active}

    def snapshot(org: Organisation) -> dict[str, Any]:
        return {"name": org.name, "name_km": org.name_km, "kind": org.kind, "country": org.country.iso2,
                "licence_number": org.licence_number, "active": org.is_active}

    with licence_number_guard(licence_number, exclude=organisation), transaction.atomic():
        if organisation is None:
            organisation = Organisation.objects.create(**fields)
            audit_record(actor=actor, action="organisation.create", target=organisation,
                         after=snapshot(organisation), reason=reason)
        else:
            locked = Organisation.objects.select_for_update().select_related("country").get(pk=organisation.pk)
            before = snapshot(locked)
            for key, value in fields.items():
                setattr(locked, key, value)
            locked.save()
            audit_record(actor=actor, action="organisation.update", target=locked, before=before,
                         after=snapshot(locked), reason=reason.strip())
            organisation = locked
    return organisation


def user_language_set(*, user: Any, language: str | None) -> bool:
    """Remember the language a signed-in person uses the site in (the language switch, signing in): their
    e-mails and SMS are written in it. A language the site does not offer changes nothing. Returns whether it
    changed (one UPDATE, only then)."""
    codes = {code for code, _name in settings.LANGUAGES}
    if user is None or not getattr(user, "pk", None) or language not in codes or user.language == language:
        return False
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language
    return True
