"""Accounts forms: a new account, its role and activity, API tokens, organisations."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import ROLES_BY_KIND, Organisation, OrganisationKind, Role, User
from accounts.selectors import organisation_list
from frontend.forms import (
    CorridorForm,
)
from reference.selectors import country_list


def role_choices_by_kind() -> list[tuple[Any, list[tuple[str, Any]]]]:
    return [
        (OrganisationKind(kind).label, [(role, Role(role).label) for role in roles])
        for kind, roles in ROLES_BY_KIND.items()
    ]


class UserCreateForm(CorridorForm):
    username = forms.CharField(
        label=_("Username"), max_length=150, help_text=_("Letters, digits and . _ - only, e.g. sokha.chan"),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email address"), required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), empty_label=_("Choose an organisation")
    )
    role = forms.ChoiceField(label=_("Role"), help_text=_("The role must fit the kind of organisation."))
    password = forms.CharField(
        label=_("First password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Give it to the person in a safe way. At least 8 characters, not only digits."),
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisation_list(actor=actor).filter(is_active=True)
        self.fields["role"].choices = [("", _("Choose a role")), *role_choices_by_kind()]

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        User.username_validator(username)
        return username


class UserRoleForm(CorridorForm):
    role = forms.ChoiceField(label=_("New role"))
    reason = forms.CharField(
        label=_("Reason for the change"), widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the role changes.")},
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, prefix="role", **kwargs)
        roles = ROLES_BY_KIND.get(user.org_kind or "", ())
        self.fields["role"].choices = [(r, Role(r).label) for r in roles]
        self.fields["role"].initial = user.role


class UserActiveForm(CorridorForm):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the account is switched on or off.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="active", **kwargs)


class TokenCreateForm(CorridorForm):
    name = forms.CharField(
        label=_("Token name"), max_length=100,
        help_text=_("Name the system that will use it, e.g. “Siam Garments HR system”."),
        error_messages={"required": _("Give the token a name, e.g. the system that will use it.")},
    )


class OrganisationForm(CorridorForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    name_km = forms.CharField(label=_("Name in Khmer"), max_length=200, required=False,
                              help_text=_("Shown on pages in Khmer; leave empty to show the name above."),
                              widget=forms.TextInput(attrs={"lang": "km"}))
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("Choose the kind")), *OrganisationKind.choices])
    country = forms.ChoiceField(
        label=_("Country"), help_text=_("Where it is based: for an employer, the destination country.")
    )
    licence_number = forms.CharField(
        label=_("Licence number"), max_length=60, required=False,
        help_text=_("For a recruitment agency: the ministry's licence. Without one it receives no allocation."),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    reason = forms.CharField(
        label=_("Reason for the change"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when an existing organisation changes."),
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [
            ("", _("Choose the country")), *((c.iso2, c.local_name) for c in country_list(actor=actor))
        ]
