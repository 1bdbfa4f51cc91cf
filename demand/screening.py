"""Automatic screening of a demand letter against the agreement version in force.

Every rule reads its limits from the agreement version (coverage, wage floors, hours, rest, overtime,
contract, stay, eligibility, fee schedule, protections, tests, quotas, attestation), so a new
agreement needs data, not code; the predicates on the terms are mou's (mou.predicates), shared with
vetting, matching and fee checks. Each finding names its rule, severity, the clause it comes from, the
values compared, and a message in English and Khmer rendered from the one gettext catalogue.

A rule is one decorated function:

    @rule("rest_days", BLOCKER, "rest_clause", label=_("Weekly rest"),
          message=_("Line %(line)s: … at least %(min)s rest days a week."),
          labels={"rest_days_per_week": _("Rest days a week")})
    def rest_days(p, ctx):
        if p.rest_days_per_week < ctx.version.min_weekly_rest_days:
            return hit({"rest_days_per_week": …}, rest=…, min=…)

The decorator registers it in RULES (in the order rules run and findings are reported): its id, severity,
the AgreementVersion field holding its clause, its label, its message (and named variants: a hit picks one
with `message=`), and labels for the values it compares (the screening report reads VALUE_LABELS). A
position rule takes (position row, context), a letter rule (context); each returns nothing, a Hit, or
several.

`screen_letter` issues a constant number of queries whatever the number of positions:
the version with its terms (`version_prefetch`), the positions with their occupation, sector and
currency, all their cost items, the exchange rates, the quota uses and the employer profile. The
attestation rule reads the letter's own attestation status (the attaché's, on the platform).
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from demand.conversion import RateTable, from_monthly, grouped, load_rates, plain, round_money, round_up, to_monthly
from demand.models import (
    Accreditation,
    AttestationStatus,
    DemandLetter,
    EmployerProfile,
    Position,
    PositionCost,
    QuotaUse,
    Severity,
    Sex,
)
from demand.quota import Pool, PoolKey, QuotaBook, pool_key
from i18n.content import bilingual_of
from mou.models import AgreementVersion, Payer, ProtectionKind, TestKind
from mou.predicates import AgreementTerms, fee_key
from mou.selectors import in_force_on, version_prefetch

BLOCKER = Severity.BLOCKER.value
WARNING = Severity.WARNING.value
LETTER = "letter"
POSITION = "position"


@dataclass(frozen=True)
class FindingData:
    rule: str  # stable id, e.g. "wage_floor"
    severity: str  # "blocker" | "warning" (demand.models.Severity)
    clause: str  # the agreement clause the rule comes from ("Art. 11.4"), "" if none
    values: dict  # the values compared, JSON-serialisable (strings for Decimals)
    message_en: str
    message_km: str
    position_line: int | None  # None for letter-level findings


# --- protected attributes in free text -------------------------------------------------------------------

# English words and phrases, matched as whole words (so "management" is not "man", "page" is not "age").
PROTECTED_TERMS_EN: tuple[str, ...] = (
    # sex and gender
    "sex", "sexes", "gender", "genders", "gender identity", "male", "males", "female", "females",
    "man", "men", "woman", "women", "girl", "girls", "boy", "boys", "lady", "ladies", "gentleman", "gentlemen",
    # sexual orientation and gender identity
    "sexual orientation", "gay", "gays", "lesbian", "lesbians", "bisexual", "homosexual", "homosexuals",
    "transgender", "transsexual", "LGBT", "LGBTI", "LGBTQ", "LGBTIQ",
    # marital status and pregnancy
    "married", "unmarried", "marital", "marital status", "divorced", "widow", "widowed", "widower",
    "pregnant", "pregnancy", "pregnancies",
    # religion
    "religion", "religions", "religious", "Buddhist", "Buddhists", "Buddhism", "Muslim", "Muslims", "Islam",
    "Islamic", "Christian", "Christians", "Christianity", "Hindu", "Hindus",
    # ethnicity and race
    "ethnicity", "ethnic", "race", "races", "racial", "Khmer Krom", "national origin", "skin colour", "skin color",
    # disability and health status
    "disability", "disabilities", "disabled", "handicap", "handicapped", "able-bodied", "HIV",
    # age
    "age", "ages", "aged", "young", "younger", "youngest", "youthful", "years old", "year old",
)

# Exact patterns for phrases that a word list cannot express without flagging innocent text.
_PROTECTED_PATTERNS_EN: tuple[str, ...] = (
    # "single" only about marital status, not "single shift" or "single-phase"
    r"single\s+(?:women|woman|men|man|females?|males?|workers?|persons?|people|applicants?|candidates?|"
    r"status|only)\b",
    r"(?:must|should|to)\s+be\s+single\b",
    # age in numbers: "under 30", "over 45 years", "20-35 years old", "aged 18 to 30" (the word "aged" is listed)
    r"(?:under|below|over|above|younger\s+than|older\s+than|not\s+older\s+than|not\s+younger\s+than)\s+"
    r"\d{2}(?:\s*(?:years?|yrs?)(?:\s+old)?)?(?!\s*(?:%|°|[^\W\d_]))",
    r"\d{2}\s*(?:-|–|to)\s*\d{2}\s*(?:years?|yrs?)[\s-]*(?:old|of\s+age)",
)

# Khmer: written without spaces between words, so matched as text; the exclusions keep innocent
# compounds out (ប្រភេទ "type" holds ភេទ "sex"; អាយុកាល "duration" holds អាយុ "age").
PROTECTED_TERMS_KM: tuple[str, ...] = (
    "ស្រី",  # female
    "ប្រុស",  # male
    "ស្ត្រី",  # women
    "បុរស",  # men
    "នារី",  # young women, girls
    "ភេទ",  # sex, gender
    "យេនឌ័រ",  # gender
    "អត្តសញ្ញាណភេទ",  # gender identity
    "ស្រឡាញ់ភេទដូចគ្នា",  # homosexual
    "ភេទទីបី",  # third gender
    "រៀបការ",  # married
    "នៅលីវ",  # single, unmarried
    "លែងលះ",  # divorced
    "មេម៉ាយ",  # widow
    "ស្ថានភាពគ្រួសារ",  # marital status
    "មានផ្ទៃពោះ",  # pregnant
    "ផ្ទៃពោះ",  # pregnancy
    "មានគភ៌",  # pregnant (formal)
    "សាសនា",  # religion
    "ពុទ្ធសាសនិក",  # Buddhist
    "មូស្លីម",  # Muslim
    "ឥស្លាម",  # Islam
    "គ្រិស្ត",  # Christian
    "ជនជាតិ",  # ethnicity, ethnic group
    "ខ្មែរក្រោម",  # Khmer Krom
    "ពិការ",  # disabled
    "ពិការភាព",  # disability
    "អាយុ",  # age
    "វ័យក្មេង",  # young
    "ក្មេង",  # child, young
)
_KM_EXCLUSIONS: dict[str, tuple[str, str]] = {
    # term: (must not be preceded by, must not be followed by) — regex fragments
    "ភេទ": ("ប្រ", ""),  # ប្រភេទ: type, kind
    "អាយុ": ("", "កាល"),  # អាយុកាល: duration (of a contract)
    "ស្រី": ("", "លង្កា"),  # ស្រីលង្កា: Sri Lanka
    "គ្រិស្ត": ("", "សករាជ"),  # គ្រិស្តសករាជ: the Christian era in dates
    "រៀបការ": ("", "ងារ"),  # រៀប + ការងារ: arranging work
}


def _km_pattern(term: str) -> str:
    before, after = _KM_EXCLUSIONS.get(term, ("", ""))
    return (f"(?<!{before})" if before else "") + re.escape(term) + (f"(?!{after})" if after else "")


def _en_pattern(term: str) -> str:
    body = r"\s+".join(re.escape(w) for w in term.split())
    if term == "man":
        body += r"(?!-(?:hours?|days?|months?))"
    if term == "age":
        return r"(?<!old[ -])\b" + body + r"\b"
    return body


def _build_protected_regex() -> re.Pattern[str]:
    latin = [_en_pattern(t) for t in sorted(PROTECTED_TERMS_EN, key=len, reverse=True)]
    latin_alt = "|".join([*_PROTECTED_PATTERNS_EN, *latin])
    khmer_alt = "|".join(_km_pattern(t) for t in sorted(PROTECTED_TERMS_KM, key=len, reverse=True))
    return re.compile(rf"\b(?:{latin_alt})\b|{khmer_alt}", re.IGNORECASE)


PROTECTED_REGEX = _build_protected_regex()


def protected_words(text: str) -> list[str]:
    """The words of `text` that name a protected attribute, as written, each once, in order."""
    seen: set[str] = set()
    found: list[str] = []
    for m in PROTECTED_REGEX.finditer(text or ""):
        word = " ".join(m.group(0).split())
        if word.casefold() not in seen:
            seen.add(word.casefold())
            found.append(word)
    return found



# --- message text, rendered in each language -------------------------------------------------------------

# While findings are rendered in one language, the translations of the lazy messages are remembered here (by
# the message object, each a module constant): a letter of 10,000 lines renders the same few sentences
# thousands of times.
_RENDERING: ContextVar[dict[int, str] | None] = ContextVar("screening_translations", default=None)


def _text(value: Any) -> str:
    """A value as text in the active language; lazy messages translated once per rendering."""
    if not isinstance(value, Promise):
        return str(value)
    table = _RENDERING.get()
    if table is None:
        return str(value)
    text = table.get(id(value))
    if text is None:
        text = table[id(value)] = str(value)
    return text


_PERIOD_LABELS = {
    "hour": _("per hour"), "day": _("per day"), "week": _("per week"), "month": _("per month"),
    "year": _("per year"),
}


class _Fmt:
    """A message fragment formatted when it is turned into text, so it follows the active language."""

    __slots__ = ("params", "template")

    def __init__(self, template: Any, **params: Any) -> None:
        self.template = template
        self.params = params

    def __str__(self) -> str:
        return _text(self.template) % {k: _text(v) for k, v in self.params.items()}


class _Join:
    __slots__ = ("items", "sep")

    def __init__(self, items: Iterable[Any], sep: str = ", ") -> None:
        self.items = list(items)
        self.sep = sep

    def __str__(self) -> str:
        return self.sep.join(_text(i) for i in self.items)


@dataclass(frozen=True)
class _Money:
    """An amount of a currency, optionally per period: "9,000 THB per month" in the active language."""

    amount: Decimal
    code: str
    period: str = ""
    places: int = 2

    def __str__(self) -> str:
        text = f"{grouped(self.amount, self.places)} {self.code}"
        return f"{text} {_text(_PERIOD_LABELS[self.period])}" if self.period else text

    @property
    def data(self) -> str:
        """The same in English for `values` (stored data, independent of the reader's language)."""
        text = f"{plain(self.amount)} {self.code}"
        return f"{text} per {self.period}" if self.period else text


_MONEY_DATA = re.compile(r"^(-?\d+(?:\.\d+)?) ([A-Z]{3})(?: per (hour|day|week|month|year))?$")
_DATE_DATA = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def finding_value_text(value: Any) -> str:
    """One of the values a finding compared, for people in the active language. `values` are stored data
    written in one form whatever the language (amounts as `_Money.data`, "300 THB per day"; dates ISO): this
    reads that form back and formats it as the messages are ("300 THB ក្នុងមួយថ្ងៃ" in Khmer)."""
    if not isinstance(value, str):
        return str(value)
    money = _MONEY_DATA.match(value)
    if money:
        return str(_Money(Decimal(money.group(1)), money.group(2), money.group(3) or ""))
    if _DATE_DATA.match(value):
        try:
            return date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")
        except ValueError:
            return value
    return value  # anything else is shown as stored: codes ("7531", sector "03") are not quantities


def _quoted(words: Iterable[str]) -> str:
    return ", ".join(f"“{w}”" for w in words)


def _num(value: Decimal | int) -> str:
    return plain(Decimal(value))


# --- the registry ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Hit:
    """What a rule found: the values compared, the message's parameters, which of the rule's messages
    (""; the main one) and, when it is not the rule's own, the clause."""

    values: dict
    params: dict
    message: str = ""
    clause: str | None = None


def hit(values: dict, *, message: str = "", clause: str | None = None, **params: Any) -> Hit:
    return Hit(values=values, params=params, message=message, clause=clause)


@dataclass(frozen=True)
class Rule:
    id: str  # stable, stored on findings and given to partners (at most 40 characters)
    severity: str  # BLOCKER or WARNING
    clause_field: str  # the AgreementVersion field that holds the clause ("hours_clause"), "" when none
    label: Any  # what the rule checks, for people (lazy)
    messages: Mapping[str, Any]  # "" → the main message, else named variants (lazy, %(name)s parameters)
    scope: str  # LETTER or POSITION
    needs_version: bool  # a letter rule that runs only when a version is in force
    check: Callable[..., Hit | Iterable[Hit] | None]

    def clause(self, version: AgreementVersion | None) -> str:
        return str(getattr(version, self.clause_field, "") or "") if version is not None and self.clause_field else ""


RULES: dict[str, Rule] = {}
# Labels of the values findings compare, by key (declared by the rules that compare them).
VALUE_LABELS: dict[str, Any] = {}


def rule(id: str, severity: str, clause: str = "", *, label: Any, message: Any, scope: str = POSITION,
         needs_version: bool = True, labels: Mapping[str, Any] | None = None, **variants: Any
         ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a screening rule (see the module's docstring). `clause` names the AgreementVersion field of the
    clause; `variants` are further messages a hit may choose by name."""
    if severity not in (BLOCKER, WARNING) or scope not in (LETTER, POSITION) or len(id) > 40:
        raise ImproperlyConfigured(f"screening rule {id!r}: bad severity, scope or id")
    if clause and clause not in {f.name for f in AgreementVersion._meta.fields}:
        raise ImproperlyConfigured(f"screening rule {id!r}: AgreementVersion has no field {clause!r}")

    def register(check: Callable[..., Any]) -> Callable[..., Any]:
        if id in RULES:
            raise ImproperlyConfigured(f"screening rule {id!r} is registered twice")
        for key, text in (labels or {}).items():
            if key in VALUE_LABELS and VALUE_LABELS[key] is not text:
                raise ImproperlyConfigured(f"screening rule {id!r} labels the value {key!r} again")
            VALUE_LABELS[key] = text
        RULES[id] = Rule(id=id, severity=severity, clause_field=clause, label=label,
                         messages={"": message, **variants}, scope=scope, needs_version=needs_version, check=check)
        return check

    return register


def rule_get(rule_id: str) -> Rule | None:
    return RULES.get(rule_id)


# --- collecting findings ---------------------------------------------------------------------------------

class _Pending:
    __slots__ = ("clause", "line", "params", "rule", "severity", "template", "values")

    def __init__(self, rule: str, severity: str, clause: str, values: dict, template: Any, params: dict,
                 line: int | None) -> None:
        self.rule, self.severity, self.clause, self.values = rule, severity, clause, values
        self.template, self.params, self.line = template, params, line


@dataclass
class _Findings:
    letter: list[_Pending] = field(default_factory=list)
    positions: list[_Pending] = field(default_factory=list)

    def add(self, found: Rule, version: AgreementVersion | None, result: Hit | Iterable[Hit] | None,
            line: int | None = None) -> None:
        if result is None:
            return
        target = self.letter if line is None else self.positions
        for h in (result,) if isinstance(result, Hit) else result:
            params = dict(h.params)
            if line is not None:
                params["line"] = line
            clause = h.clause if h.clause is not None else found.clause(version)
            target.append(_Pending(found.id, found.severity, clause or "", h.values, found.messages[h.message],
                                   params, line))

    def render(self) -> list[FindingData]:
        pending = self.letter + self.positions

        def text(p: _Pending) -> str:
            return _text(p.template) % {k: _text(v) for k, v in p.params.items()}

        def in_language(language: str) -> list[str]:
            with translation.override(language):
                token = _RENDERING.set({})
                try:
                    return [text(p) for p in pending]
                finally:
                    _RENDERING.reset(token)

        english = in_language("en")
        khmer = in_language("km")
        return [
            FindingData(rule=p.rule, severity=p.severity, clause=p.clause, values=p.values, message_en=en,
                        message_km=km, position_line=p.line)
            for p, en, km in zip(pending, english, khmer, strict=True)
        ]


# --- the letter's rows -------------------------------------------------------------------------------------

_POSITION_FIELDS: tuple[str, ...] = (
    "pk", "line", "workers", "skills", "language_test", "language_min_score", "required_sex", "min_age",
    "max_age", "wage_amount", "wage_period", "hours_per_day", "days_per_week", "rest_days_per_week",
    "overtime_rate", "contract_months",
)
_POSITION_JOINED: tuple[str, ...] = (
    "occupation_id", "occupation__code", "occupation__title",
    "sector_id", "sector__code", "sector__title", "sector__parent_id",
    "wage_currency_id", "wage_currency__code", "wage_currency__minor_unit",
)


class _Ref:
    """An occupation, sector or currency as the rules need it (shared by every row that names it)."""

    __slots__ = ("code", "minor_unit", "parent_id", "pk", "title")

    def __init__(self, pk: int, code: str, title: str = "", *, parent_id: int | None = None,
                 minor_unit: int = 2) -> None:
        self.pk, self.code, self.title, self.parent_id, self.minor_unit = pk, code, title, parent_id, minor_unit


class PositionRow:
    """The fields of a Position that screening reads, with its occupation, sector and wage currency."""

    __slots__ = (*_POSITION_FIELDS, "occupation", "occupation_id", "sector", "sector_id", "wage_currency")

    pk: int
    line: int
    workers: int
    skills: str
    language_test: str
    language_min_score: str
    required_sex: str
    min_age: int | None
    max_age: int | None
    wage_amount: Decimal
    wage_period: str
    hours_per_day: Decimal
    days_per_week: int
    rest_days_per_week: int
    overtime_rate: Decimal
    contract_months: int

    def __init__(self, values: tuple[Any, ...], occupation: _Ref, sector: _Ref, wage_currency: _Ref) -> None:
        for name, value in zip(_POSITION_FIELDS, values, strict=True):
            setattr(self, name, value)
        self.occupation, self.occupation_id = occupation, occupation.pk
        self.sector, self.sector_id = sector, sector.pk
        self.wage_currency = wage_currency


class CostRow:
    __slots__ = ("amount", "currency", "name", "payer")

    def __init__(self, name: str, payer: str, amount: Decimal, currency: _Ref) -> None:
        self.name, self.payer, self.amount, self.currency = name, payer, amount, currency



# --- the agreement's terms, indexed once -----------------------------------------------------------------

def _test_key(name: str) -> str:
    return re.sub(r"[\W_]+", "", (name or "").casefold())


class _Terms(AgreementTerms):
    """mou's predicates on the version, with what screening alone looks up: the language tests, the
    non-discrimination clause and the quota book of the year (built from prefetched rows only)."""

    def __init__(self, version: AgreementVersion, year: int) -> None:
        super().__init__(version)
        self.year = year
        self.language_tests = {
            _test_key(t.name): t for t in version.required_tests.all() if t.kind == TestKind.LANGUAGE
        }
        nd = next((p for p in version.protections.all() if p.kind == ProtectionKind.NON_DISCRIMINATION), None)
        self.non_discrimination_clause = nd.clause if nd is not None else ""
        self.quotas = QuotaBook(version.quotas.all(), year)

    def quota_for(self, position: PositionRow) -> Pool | None:
        """The quota pool a position draws from (demand.quota: the most specific row that covers it)."""
        return self.quotas.pool_for(position.sector, position.occupation.code)


def _sector_label(sector: Any) -> str:
    return f"{sector.title} ({sector.code})"


def _occupation_label(occupation: Any) -> str:
    return f"{occupation.code} {occupation.title}"


@dataclass
class _Ctx:
    """What the rules read: the letter, the day, the version and its terms (None when none is in force), the
    positions with their costs, the employer's profile and the exchange rates."""

    letter: DemandLetter
    day: datetime.date
    version: AgreementVersion | None
    terms: _Terms | None
    positions: list[PositionRow]
    costs: dict[int, list[CostRow]]
    profile: EmployerProfile | None
    rates: RateTable
    floor_cache: dict[tuple[Any, ...], tuple[Decimal, Decimal] | None] = field(default_factory=dict)
    protected_cache: dict[str, list[str]] = field(default_factory=dict)
    fee_cache: dict[int, list[_FeeCheck]] = field(default_factory=dict)


# --- letter rules ----------------------------------------------------------------------------------------

@rule("version_in_force", BLOCKER, scope=LETTER, needs_version=False, label=_("Agreement in force"),
      message=_("No version of the agreement is in force on %(date)s, so this demand cannot be checked or approved. "
                "Ask the ministry which agreement applies."))
def version_in_force(ctx: _Ctx) -> Hit | None:
    if ctx.version is not None:
        return None
    return hit({"agreement": ctx.letter.agreement_id, "on": ctx.day.isoformat()}, date=ctx.day.isoformat())


def _validity_values(ctx: _Ctx) -> dict[str, str]:
    letter = ctx.letter
    return {"valid_from": letter.valid_from.isoformat(), "valid_until": letter.valid_until.isoformat(),
            "on": ctx.day.isoformat()}


@rule("validity_dates", BLOCKER, scope=LETTER, needs_version=False, label=_("Validity dates"),
      message=_("The letter's validity ends on %(valid_until)s, before it starts on %(valid_from)s. Correct the "
                "validity dates."),
      labels={"valid_from": _("Valid from"), "valid_until": _("Valid until"), "on": _("Checked on")})
def validity_dates(ctx: _Ctx) -> Hit | None:
    if ctx.letter.valid_until >= ctx.letter.valid_from:
        return None
    values = _validity_values(ctx)
    return hit(values, valid_until=values["valid_until"], valid_from=values["valid_from"])


@rule("validity_expired", BLOCKER, scope=LETTER, needs_version=False, label=_("Letter still valid"),
      message=_("The letter's validity ended on %(valid_until)s, before %(date)s. Extend the validity or file a new "
                "demand letter."))
def validity_expired(ctx: _Ctx) -> Hit | None:
    if ctx.letter.valid_until >= ctx.day:
        return None
    values = _validity_values(ctx)
    return hit(values, valid_until=values["valid_until"], date=values["on"])


@rule("positions_present", BLOCKER, scope=LETTER, needs_version=False, label=_("Positions"),
      message=_("The letter has no positions. Add at least one position before submitting."))
def positions_present(ctx: _Ctx) -> Hit | None:
    return None if ctx.positions else hit({"positions": 0})


@rule("employer_profile", BLOCKER, scope=LETTER, needs_version=False, label=_("Employer profile"),
      message=_("The employer has no profile with the ministry, so its accreditation cannot be checked. Ask the "
                "ministry to register and accredit the employer before submitting demand."))
def employer_profile(ctx: _Ctx) -> Hit | None:
    return hit({"employer": ctx.letter.employer_id}) if ctx.profile is None else None


def _employer_values(profile: EmployerProfile, day: datetime.date) -> dict[str, Any]:
    return {
        "accreditation": profile.accreditation,
        "accredited_until": profile.accredited_until.isoformat() if profile.accredited_until else None,
        "banned_until": profile.banned_until.isoformat() if profile.banned_until else None,
        "on": day.isoformat(),
    }


def _banned(profile: EmployerProfile, day: datetime.date) -> bool:
    ban_open = profile.banned_until is None or profile.banned_until >= day
    return (profile.accreditation == Accreditation.BANNED and ban_open) or (
        profile.banned_until is not None and profile.banned_until >= day)


@rule("employer_banned", BLOCKER, scope=LETTER, needs_version=False, label=_("Employer not banned"),
      message=_("The employer is banned from filing demand until %(banned_until)s. No demand can be submitted "
                "while the ban lasts."),
      open_ended=_("The employer is banned from filing demand. No demand can be submitted while the ban lasts."),
      labels={"banned_until": _("Banned until")})
def employer_banned(ctx: _Ctx) -> Hit | None:
    profile = ctx.profile
    if profile is None or not _banned(profile, ctx.day):
        return None
    values = _employer_values(profile, ctx.day)
    if profile.banned_until is None:
        return hit(values, message="open_ended")
    return hit(values, banned_until=values["banned_until"])


@rule("employer_accredited", BLOCKER, scope=LETTER, needs_version=False, label=_("Employer accredited"),
      message=_("The employer is not accredited by the ministry (accreditation: %(status)s). Only accredited "
                "employers can submit demand; ask the ministry to accredit the employer."),
      expired=_("The employer's accreditation expired on %(accredited_until)s. Ask the ministry to renew it before "
                "submitting demand."),
      labels={"accreditation": _("Accreditation"), "accredited_until": _("Accredited until")})
def employer_accredited(ctx: _Ctx) -> Hit | None:
    profile = ctx.profile
    if profile is None or _banned(profile, ctx.day):
        return None
    values = _employer_values(profile, ctx.day)
    if profile.accreditation != Accreditation.ACCREDITED:
        return hit(values, status=Accreditation(profile.accreditation).label)
    if profile.accredited_until is not None and profile.accredited_until < ctx.day:
        return hit(values, message="expired", accredited_until=values["accredited_until"])
    return None


@rule("attestation", WARNING, "attestation_clause", scope=LETTER, label=_("Attestation"),
      message=_("The agreement requires the Cambodian embassy or labour attaché to attest the demand letter: on "
                "submission it goes to the labour attaché first, and the Ministry reviews it once it is attested."),
      labels={"attestation_status": _("Attestation")})
def attestation(ctx: _Ctx) -> Hit | None:
    """Satisfied by the attaché's attestation on the platform (demand.services.letter_attest), nothing else."""
    letter, version = ctx.letter, ctx.version
    if version is None or not version.attestation_required:
        return None
    if letter.attestation_status == AttestationStatus.ATTESTED:
        return None
    return hit({"attestation_status": letter.attestation_status})  # the code: the report shows its label


@rule("quota", BLOCKER, scope=LETTER, label=_("Quota remaining"),
      message=_("Not enough quota for %(quota)s in %(year)s: %(requested)s workers requested (lines %(lines)s), "
                "%(remaining)s remaining of the cap of %(cap)s. Reduce the number of workers to %(remaining)s or "
                "fewer, or wait until quota is returned."),
      labels={"requested": _("Requested"), "remaining": _("Remaining"), "approved": _("Already approved"),
              "lines": _("Lines")})
def quota(ctx: _Ctx) -> list[Hit]:
    """The letter's workers per quota pool (demand.quota) against what remains of it: the row's cap less
    what approved demand holds in QuotaUse(agreement, year, sector, occupation). The clause is the pool's."""
    terms = ctx.terms
    if terms is None:
        return []
    by_pool: dict[PoolKey, list[PositionRow]] = defaultdict(list)
    pools: dict[PoolKey, Pool] = {}
    for p in ctx.positions:
        pool = terms.quota_for(p)
        if pool is None:
            continue
        by_pool[pool.key].append(p)
        pools[pool.key] = pool
    if not by_pool:
        return []
    approved = {
        pool_key(sector_id, occupation_id): n
        for sector_id, occupation_id, n in QuotaUse.objects.filter(
            agreement_id=ctx.letter.agreement_id, year=terms.year, sector_id__in={k[0] for k in by_pool}
        ).values_list("sector_id", "occupation_id", "approved")
    }
    hits = []
    for key in sorted(by_pool, key=lambda k: pools[k].sort_key):
        pool, group = pools[key], by_pool[key]
        requested = sum(p.workers for p in group)
        used = approved.get(key, 0)
        remaining = max(pool.cap - used, 0)
        if requested <= remaining:
            continue
        lines = [p.line for p in group]
        if pool.occupation is None:
            label: Any = _sector_label(pool.sector)
        else:
            label = _Fmt(_SECTOR_OCCUPATION, sector=_sector_label(pool.sector),
                         occupation=_occupation_label(pool.occupation))
        hits.append(hit(
            {"sector": pool.sector.code, "occupation": getattr(pool.occupation, "code", None), "year": terms.year,
             "requested": requested, "remaining": remaining, "cap": pool.cap, "approved": used, "lines": lines},
            clause=pool.clause,
            quota=label, year=terms.year, requested=requested, lines=", ".join(str(n) for n in lines),
            remaining=remaining, cap=pool.cap,
        ))
    return hits


_SECTOR_OCCUPATION = _("%(sector)s, occupation %(occupation)s")


# --- position rules --------------------------------------------------------------------------------------

@rule("sector_covered", BLOCKER, "sectors_clause", label=_("Sector covered"),
      message=_("Line %(line)s: the agreement does not cover the sector %(sector)s. Choose a sector it covers: "
                "%(covered)s."),
      labels={"sector": _("Sector"), "covered": _("Covered by the agreement")})
def sector_covered(p: PositionRow, ctx: _Ctx) -> Hit | None:
    t = ctx.terms
    if t.sector_covered(p.sector):
        return None
    return hit({"sector": p.sector.code, "covered": t.sector_codes},
               sector=_sector_label(p.sector), covered=", ".join(t.sector_codes))


@rule("occupation_covered", BLOCKER, "occupations_clause", label=_("Occupation covered"),
      message=_("Line %(line)s: the agreement does not cover the occupation %(occupation)s. Choose an occupation "
                "the agreement lists: %(covered)s."),
      labels={"occupation": _("Occupation")})
def occupation_covered(p: PositionRow, ctx: _Ctx) -> Hit | None:
    t = ctx.terms
    if t.occupation_covered(p.occupation.code):
        return None
    covered = sorted(t.occupation_codes)
    return hit({"occupation": p.occupation.code, "covered": covered},
               occupation=_occupation_label(p.occupation), covered=", ".join(covered))


def _floor_in_wage_terms(floor: Any, p: PositionRow, ctx: _Ctx) -> tuple[Decimal, Decimal] | None:
    """The floor as a monthly amount in the wage's currency for this position's hours and days, and that
    amount rounded to the currency's minor unit (the threshold); None when an exchange rate is missing.
    Remembered per floor, currency, hours and days: most lines of a letter share them."""
    key = (floor.pk, p.wage_currency.code, p.wage_currency.minor_unit, p.hours_per_day, p.days_per_week)
    if key not in ctx.floor_cache:
        monthly_native = to_monthly(floor.amount, floor.period, hours_per_day=p.hours_per_day,
                                    days_per_week=p.days_per_week)
        monthly = ctx.rates.convert(monthly_native, floor.currency.code, p.wage_currency.code)
        ctx.floor_cache[key] = (
            None if monthly is None else (monthly, round_money(monthly, p.wage_currency.minor_unit)))
    return ctx.floor_cache[key]


def _wage(p: PositionRow) -> _Money:
    return _Money(p.wage_amount, p.wage_currency.code, p.wage_period, p.wage_currency.minor_unit)


@rule("wage_floor_missing", WARNING, label=_("Minimum wage set"),
      message=_("Line %(line)s: the agreement sets no minimum wage for %(sector)s, so the wage of %(offered)s "
                "could not be checked against it. The reviewer will compare it with the destination country's "
                "minimum wage."),
      labels={"offered": _("Offered")})
def wage_floor_missing(p: PositionRow, ctx: _Ctx) -> Hit | None:
    t = ctx.terms
    if t.wage_floor(p.sector) is not None or not t.sector_covered(p.sector):
        return None
    wage = _wage(p)
    # The clause where the agreement sets its floors.
    return hit({"offered": wage.data, "sector": p.sector.code}, clause=t.floors_clause,
               sector=_sector_label(p.sector), offered=wage)


def _wage_values(p: PositionRow, ctx: _Ctx, floor: Any) -> tuple[dict[str, Any], Decimal | None, Decimal | None]:
    """The values compared for a wage against its floor, and both as US dollars a month (None without a rate)."""
    hours, days = p.hours_per_day, p.days_per_week
    floor_money = _Money(floor.amount, floor.currency.code, floor.period, floor.currency.minor_unit)
    wage_usd = ctx.rates.monthly_usd(p.wage_amount, p.wage_currency.code, p.wage_period, hours_per_day=hours,
                                     days_per_week=days)
    floor_usd = ctx.rates.monthly_usd(floor.amount, floor_money.code, floor.period, hours_per_day=hours,
                                      days_per_week=days)
    values: dict[str, Any] = {
        "offered": _wage(p).data, "floor": floor_money.data, "floor_sector": floor.sector.code,
        "hours_per_day": _num(hours), "days_per_week": days,
        "offered_monthly_usd": plain(round_money(wage_usd)) if wage_usd is not None else None,
        "floor_monthly_usd": plain(round_money(floor_usd)) if floor_usd is not None else None,
    }
    return values, wage_usd, floor_usd


@rule("wage_rate_missing", WARNING, label=_("Exchange rate for the wage"),
      message=_("Line %(line)s: the wage of %(offered)s cannot be compared with the agreement's minimum of "
                "%(floor)s because there is no exchange rate for %(currency)s on or before %(date)s. The reviewer "
                "will compare them by hand; the ministry can add the rate."),
      labels={"floor": _("Minimum wage"), "floor_sector": _("Minimum wage for sector"),
              "hours_per_day": _("Hours a day"), "days_per_week": _("Working days a week"),
              "offered_monthly_usd": _("Offered, a month in USD"), "floor_monthly_usd": _("Minimum, a month in USD"),
              "missing_rates": _("No exchange rate for")})
def wage_rate_missing(p: PositionRow, ctx: _Ctx) -> Hit | None:
    floor = ctx.terms.wage_floor(p.sector)
    if floor is None or _floor_in_wage_terms(floor, p, ctx) is not None:
        return None
    values, _usd, _floor_usd = _wage_values(p, ctx, floor)
    missing = [c for c in (p.wage_currency.code, floor.currency.code) if not ctx.rates.has(c)]
    values["missing_rates"] = missing
    floor_money = _Money(floor.amount, floor.currency.code, floor.period, floor.currency.minor_unit)
    return hit(values, clause=floor.clause, offered=_wage(p), floor=floor_money, currency=", ".join(missing),
               date=ctx.day.isoformat())


@rule("wage_floor", BLOCKER, label=_("Minimum wage"),
      message=_("Line %(line)s: the wage of %(offered)s is below the agreement's minimum wage of %(floor)s for "
                "%(sector)s (about %(offered_monthly)s a month against %(floor_monthly)s, at %(hours)s hours a day "
                "and %(days)s days a week). Raise the wage to at least %(required)s."),
      no_required=_("Line %(line)s: the wage of %(offered)s is below the agreement's minimum wage of %(floor)s for "
                    "%(sector)s (about %(offered_monthly)s a month against %(floor_monthly)s, at %(hours)s hours a "
                    "day and %(days)s days a week). Raise the wage to at least the minimum."),
      labels={"required": _("At least"), "offered_monthly": _("Offered, a month"),
              "floor_monthly": _("Minimum, a month")})
def wage_floor(p: PositionRow, ctx: _Ctx) -> Hit | None:
    floor = ctx.terms.wage_floor(p.sector)
    if floor is None:
        return None
    converted = _floor_in_wage_terms(floor, p, ctx)
    if converted is None:
        return None  # wage_rate_missing
    hours, days = p.hours_per_day, p.days_per_week
    wage_monthly = to_monthly(p.wage_amount, p.wage_period, hours_per_day=hours, days_per_week=days)
    places = p.wage_currency.minor_unit
    if round_money(wage_monthly, places) >= converted[1]:
        return None  # the common case, decided without building any text
    wage = _wage(p)
    wage_code = wage.code
    floor_money = _Money(floor.amount, floor.currency.code, floor.period, floor.currency.minor_unit)
    values, wage_usd, floor_usd = _wage_values(p, ctx, floor)
    floor_monthly = converted[0]
    values["offered_monthly"] = f"{plain(round_money(wage_monthly, places))} {wage_code}"
    values["floor_monthly"] = f"{plain(converted[1])} {wage_code}"
    required = from_monthly(floor_monthly, p.wage_period, hours_per_day=hours, days_per_week=days)
    required_money = _Money(round_up(required, places), wage_code, p.wage_period, places) if required else None
    values["required"] = required_money.data if required_money else None
    # The monthly comparison is shown in US dollars (as reviewers compare corridors) when the rates allow it,
    # else in the wage's own currency (same currency as the floor, no rate needed).
    if wage_usd is not None and floor_usd is not None:
        offered_monthly, floor_monthly_shown = _Money(wage_usd, "USD"), _Money(floor_usd, "USD")
    else:
        offered_monthly = _Money(wage_monthly, wage_code, "", places)
        floor_monthly_shown = _Money(floor_monthly, wage_code, "", places)
    params = {
        "offered": wage, "floor": floor_money, "sector": _sector_label(floor.sector),
        "offered_monthly": offered_monthly, "floor_monthly": floor_monthly_shown,
        "hours": _num(hours), "days": days,
    }
    if required_money is not None:
        return hit(values, clause=floor.clause, required=required_money, **params)
    return hit(values, clause=floor.clause, message="no_required", **params)


@rule("hours_per_day", BLOCKER, "hours_clause", label=_("Normal hours a day"),
      message=_("Line %(line)s: %(hours)s normal hours a day is more than the agreement's maximum of %(max)s. "
                "Reduce the normal hours to %(max)s a day or fewer; longer work is overtime."),
      labels={"max_hours_per_day": _("Most hours a day")})
def hours_per_day(p: PositionRow, ctx: _Ctx) -> Hit | None:
    v = ctx.version
    if p.hours_per_day <= v.hours_per_day:
        return None
    return hit({"hours_per_day": _num(p.hours_per_day), "max_hours_per_day": _num(v.hours_per_day)},
               hours=_num(p.hours_per_day), max=_num(v.hours_per_day))


@rule("hours_per_week", BLOCKER, "hours_clause", label=_("Normal hours a week"),
      message=_("Line %(line)s: %(hours)s hours a day on %(days)s days make %(weekly)s normal hours a week, more "
                "than the agreement's maximum of %(max)s. Reduce the hours a day or the working days."),
      labels={"hours_per_week": _("Hours a week"), "max_hours_per_week": _("Most hours a week")})
def hours_per_week(p: PositionRow, ctx: _Ctx) -> Hit | None:
    v = ctx.version
    weekly = p.hours_per_day * p.days_per_week
    if weekly <= v.hours_per_week:
        return None
    return hit({"hours_per_day": _num(p.hours_per_day), "days_per_week": p.days_per_week,
                "hours_per_week": _num(weekly), "max_hours_per_week": _num(v.hours_per_week)},
               hours=_num(p.hours_per_day), days=p.days_per_week, weekly=_num(weekly), max=_num(v.hours_per_week))


@rule("rest_days", BLOCKER, "rest_clause", label=_("Weekly rest"),
      message=_("Line %(line)s: %(rest)s rest days a week is fewer than the agreement's minimum of %(min)s. Give at "
                "least %(min)s rest days a week."),
      labels={"rest_days_per_week": _("Rest days a week"), "min_rest_days_per_week": _("Fewest rest days a week")})
def rest_days(p: PositionRow, ctx: _Ctx) -> Hit | None:
    v = ctx.version
    if p.rest_days_per_week >= v.min_weekly_rest_days:
        return None
    return hit({"rest_days_per_week": p.rest_days_per_week, "min_rest_days_per_week": v.min_weekly_rest_days},
               rest=p.rest_days_per_week, min=v.min_weekly_rest_days)


@rule("days_in_week", BLOCKER, "rest_clause", label=_("Days in a week"),
      message=_("Line %(line)s: %(days)s working days and %(rest)s rest days make more than the 7 days of a week. "
                "Correct the working days or the rest days."))
def days_in_week(p: PositionRow, ctx: _Ctx) -> Hit | None:
    if p.days_per_week + p.rest_days_per_week <= 7:
        return None
    return hit({"days_per_week": p.days_per_week, "rest_days_per_week": p.rest_days_per_week},
               days=p.days_per_week, rest=p.rest_days_per_week)


@rule("overtime_rate", BLOCKER, "overtime_clause", label=_("Overtime rate"),
      message=_("Line %(line)s: an overtime rate of %(rate)s times the normal hourly wage is below the agreement's "
                "minimum of %(min)s times. Raise the overtime rate to at least %(min)s."),
      labels={"overtime_rate": _("Overtime rate"), "min_overtime_rate": _("Lowest overtime rate")})
def overtime_rate(p: PositionRow, ctx: _Ctx) -> Hit | None:
    v = ctx.version
    if p.overtime_rate >= v.overtime_rate:
        return None
    return hit({"overtime_rate": _num(p.overtime_rate), "min_overtime_rate": _num(v.overtime_rate)},
               rate=_num(p.overtime_rate), min=_num(v.overtime_rate))


@rule("contract_length", BLOCKER, "contract_clause", label=_("Contract length"),
      message=_("Line %(line)s: a contract of %(months)s months is outside the agreement's range of %(min)s to "
                "%(max)s months. Set a contract length between %(min)s and %(max)s months."),
      labels={"contract_months": _("Contract (months)"), "min_months": _("Shortest contract (months)"),
              "max_months": _("Longest contract (months)")})
def contract_length(p: PositionRow, ctx: _Ctx) -> Hit | None:
    v = ctx.version
    if v.contract_min_months <= p.contract_months <= v.contract_max_months:
        return None
    return hit({"contract_months": p.contract_months, "min_months": v.contract_min_months,
                "max_months": v.contract_max_months},
               months=p.contract_months, min=v.contract_min_months, max=v.contract_max_months)


@rule("max_stay", BLOCKER, "stay_clause", label=_("Longest stay"),
      message=_("Line %(line)s: a contract of %(months)s months is longer than the agreement's maximum stay of "
                "%(max)s months. Shorten the contract to %(max)s months or fewer."),
      labels={"max_stay_months": _("Longest stay (months)")})
def max_stay(p: PositionRow, ctx: _Ctx) -> Hit | None:
    v = ctx.version
    if p.contract_months <= v.max_stay_months:
        return None
    return hit({"contract_months": p.contract_months, "max_stay_months": v.max_stay_months},
               months=p.contract_months, max=v.max_stay_months)


def _cost_money(c: CostRow) -> _Money:
    return _Money(c.amount, c.currency.code, "", c.currency.minor_unit)


def _worker_costs(p: PositionRow, ctx: _Ctx) -> list[CostRow]:
    return [c for c in ctx.costs.get(p.pk, ()) if c.payer == Payer.WORKER]


@rule("zero_fee", BLOCKER, "fee_clause", label=_("No fees for workers"),
      message=_("Line %(line)s: the worker is to pay %(paid)s for “%(item)s”, but under this agreement workers "
                "pay no recruitment fees or costs at all. Make the employer the payer of this cost."),
      labels={"item": _("Cost item"), "paid": _("Paid"), "payer": _("Paid by"), "zero_fee": _("Zero-fee")})
def zero_fee(p: PositionRow, ctx: _Ctx) -> list[Hit]:
    if not ctx.version.zero_fee:
        return []
    hits = []
    for c in _worker_costs(p, ctx):
        paid = _cost_money(c)
        hits.append(hit({"item": c.name, "paid": paid.data, "payer": Payer.WORKER.value, "zero_fee": True},
                        paid=paid, item=c.name))
    return hits


_NONE = _("none")


@rule("worker_fee_not_allowed", BLOCKER, "fee_clause", label=_("Costs a worker may pay"),
      message=_("Line %(line)s: the worker is to pay %(paid)s for “%(item)s”, but the agreement's fee schedule "
                "does not let workers pay this cost. Make the employer the payer, or use an item workers may "
                "pay: %(allowed)s."),
      employer_pays=_("Line %(line)s: the worker is to pay %(paid)s for “%(item)s”, but the agreement's fee "
                      "schedule says the employer pays it. Make the employer the payer of this cost."),
      labels={"allowed": _("Allowed")})
def worker_fee_not_allowed(p: PositionRow, ctx: _Ctx) -> list[Hit]:
    t = ctx.terms
    if ctx.version.zero_fee:
        return []
    hits = []
    for c in _worker_costs(p, ctx):
        if t.worker_fee(c.name) is not None:
            continue
        paid = _cost_money(c)
        allowed = t.worker_fee_names()
        values = {"item": c.name, "paid": paid.data, "allowed": allowed}
        employer_item = t.employer_fee(c.name)
        if employer_item is not None:
            hits.append(hit({**values, "schedule_payer": Payer.EMPLOYER.value}, message="employer_pays",
                            clause=employer_item.clause or None, paid=paid, item=c.name))
        else:
            hits.append(hit({**values, "schedule_payer": None}, paid=paid, item=c.name,
                            allowed=_quoted(allowed) if allowed else _NONE))
    return hits


@dataclass(frozen=True)
class _FeeCheck:
    """A capped item of the schedule with what the worker is to pay for it: the cap, the costs, each in the
    cap's currency (None where a rate is missing)."""

    item: Any
    cap: _Money
    costs: list[CostRow]
    converted: list[Decimal | None]


def _fee_checks(p: PositionRow, ctx: _Ctx) -> list[_FeeCheck]:
    """The worker's costs of the position grouped by capped schedule item (the fee schedule's caps, mou)."""
    found = ctx.fee_cache.get(p.pk)
    if found is not None:
        return found
    t = ctx.terms
    by_item: dict[str, list[CostRow]] = defaultdict(list)
    items: dict[str, Any] = {}
    for c in _worker_costs(p, ctx) if not ctx.version.zero_fee else ():
        item = t.worker_fee(c.name)
        if item is not None:
            by_item[fee_key(c.name)].append(c)
            items[fee_key(c.name)] = item
    found = []
    for key, costs in by_item.items():
        item = items[key]
        cap = t.fee_cap(item.name)
        if cap is None:
            continue
        cap_amount, cap_code = cap
        cap_code = cap_code or costs[0].currency.code
        cap_places = item.cap_currency.minor_unit if item.cap_currency_id else 2
        found.append(_FeeCheck(item=item, cap=_Money(cap_amount, cap_code, "", cap_places), costs=costs,
                               converted=[ctx.rates.convert(c.amount, c.currency.code, cap_code) for c in costs]))
    ctx.fee_cache[p.pk] = found
    return found


@rule("worker_fee_cap", BLOCKER, "fee_clause", label=_("Fee caps"),
      message=_("Line %(line)s: the worker is to pay %(paid)s for “%(item)s”, more than the agreement's cap of "
                "%(cap)s. Lower the worker's share to %(cap)s or less; the employer pays the rest."),
      labels={"cap": _("Cap")})
def worker_fee_cap(p: PositionRow, ctx: _Ctx) -> list[Hit]:
    hits = []
    for check in _fee_checks(p, ctx):
        if any(x is None for x in check.converted):
            continue  # worker_fee_rate_missing
        cap, item = check.cap, check.item
        total = round_money(sum((x for x in check.converted if x is not None), Decimal(0)), cap.places)
        if total <= cap.amount:
            continue
        paid_list = [_cost_money(c) for c in check.costs]
        paid_text: Any = _Join(paid_list, " + ")
        if len(check.costs) > 1 or check.costs[0].currency.code != cap.code:
            paid_text = _Fmt(_ABOUT_TOTAL, amounts=paid_text, total=_Money(total, cap.code, "", cap.places))
        hits.append(hit({"item": item.name, "paid": [m.data for m in paid_list], "paid_in_cap_currency": plain(total),
                         "cap": cap.data}, clause=item.clause or None, paid=paid_text, item=item.name, cap=cap))
    return hits


_ABOUT_TOTAL = _("%(amounts)s (about %(total)s)")


@rule("worker_fee_rate_missing", WARNING, "fee_clause", label=_("Exchange rate for a fee"),
      message=_("Line %(line)s: the worker's cost of %(paid)s for “%(item)s” cannot be compared with the "
                "agreement's cap of %(cap)s because there is no exchange rate for %(currency)s on or before "
                "%(date)s. The reviewer will compare them by hand."))
def worker_fee_rate_missing(p: PositionRow, ctx: _Ctx) -> list[Hit]:
    hits = []
    for check in _fee_checks(p, ctx):
        if all(x is not None for x in check.converted):
            continue
        cap = check.cap
        missing = sorted({c.currency.code for c in check.costs if not ctx.rates.has(c.currency.code)}
                         | ({cap.code} if not ctx.rates.has(cap.code) else set()))
        paid_list = [_cost_money(c) for c in check.costs]
        hits.append(hit({"item": check.item.name, "paid": [m.data for m in paid_list], "cap": cap.data,
                         "missing_rates": missing}, clause=check.item.clause or None,
                        paid=_Join(paid_list, " + "), item=check.item.name, cap=cap, currency=", ".join(missing),
                        date=ctx.day.isoformat()))
    return hits


_WOMEN, _MEN = _("women"), _("men")


@rule("required_sex", BLOCKER, label=_("Open to all sexes"),
      message=_("Line %(line)s: the position is open only to %(sex)s. The agreement forbids discrimination on sex; "
                "open the position to all applicants (set “sex required” to “Any”)."),
      labels={"required_sex": _("Open to")})
def required_sex(p: PositionRow, ctx: _Ctx) -> Hit | None:
    if not p.required_sex or p.required_sex == Sex.ANY:
        return None
    return hit({"required_sex": p.required_sex, "allowed": Sex.ANY.value},
               clause=ctx.terms.non_discrimination_clause,
               sex=_WOMEN if p.required_sex == Sex.FEMALE else _MEN)


_AGES_BETWEEN, _AGES_FROM, _AGES_TO = (_("%(min)s to %(max)s years"), _("at least %(min)s years"),
                                      _("at most %(max)s years"))


def _age_limits(low: int | None, high: int | None) -> Any:
    if low is not None and high is not None:
        return _Fmt(_AGES_BETWEEN, min=low, max=high)
    if low is not None:
        return _Fmt(_AGES_FROM, min=low)
    return _Fmt(_AGES_TO, max=high)


def _age_values(p: PositionRow, v: AgreementVersion) -> dict[str, Any]:
    return {"min_age": p.min_age, "max_age": p.max_age, "eligible_min_age": v.min_age, "eligible_max_age": v.max_age}


def _ages_outside(p: PositionRow, v: AgreementVersion) -> bool:
    low, high = p.min_age, p.max_age
    return (low is not None and not v.min_age <= low <= v.max_age) or (
        high is not None and not v.min_age <= high <= v.max_age)


@rule("age_range", BLOCKER, "age_clause", label=_("Age limits"),
      message=_("Line %(line)s: the age limits of %(limits)s fall outside the agreement's eligibility range of "
                "%(min)s to %(max)s years. Set limits within %(min)s to %(max)s years, or leave them empty."),
      inverted=_("Line %(line)s: the minimum age of %(low)s is above the maximum age of %(high)s. Correct the "
                 "age limits."),
      labels={"min_age": _("Minimum age"), "max_age": _("Maximum age"), "eligible_min_age": _("Youngest allowed"),
              "eligible_max_age": _("Oldest allowed")})
def age_range(p: PositionRow, ctx: _Ctx) -> Hit | None:
    v, low, high = ctx.version, p.min_age, p.max_age
    if low is not None and high is not None and low > high:
        return hit(_age_values(p, v), message="inverted", low=low, high=high)
    if _ages_outside(p, v):
        return hit(_age_values(p, v), limits=_age_limits(low, high), min=v.min_age, max=v.max_age)
    return None


@rule("age_narrower", WARNING, "age_clause", label=_("Narrow age limits"),
      message=_("Line %(line)s: the age limits of %(limits)s are narrower than the agreement's eligibility range "
                "of %(min)s to %(max)s years. Check that the job really needs them: age limits can be "
                "discrimination."))
def age_narrower(p: PositionRow, ctx: _Ctx) -> Hit | None:
    v, low, high = ctx.version, p.min_age, p.max_age
    if (low is not None and high is not None and low > high) or _ages_outside(p, v):
        return None  # age_range
    if not ((low is not None and low > v.min_age) or (high is not None and high < v.max_age)):
        return None
    return hit(_age_values(p, v), clause=ctx.terms.non_discrimination_clause or None,
               limits=_age_limits(low, high), min=v.min_age, max=v.max_age)


@rule("protected_terms", WARNING, label=_("Protected attributes in the requirements"),
      message=_("Line %(line)s: the skills and requirements mention %(words)s. Requirements on sex, gender "
                "identity, sexual orientation, marital status, pregnancy, religion, ethnicity, disability or age "
                "are not allowed unless the job truly needs them. Flagged for the reviewer: remove them or explain "
                "why the job needs them."),
      labels={"matched": _("Words found")})
def protected_terms(p: PositionRow, ctx: _Ctx) -> Hit | None:
    words = ctx.protected_cache.get(p.skills)
    if words is None:
        words = ctx.protected_cache[p.skills] = protected_words(p.skills)
    if not words:
        return None
    return hit({"field": "skills", "matched": words}, clause=ctx.terms.non_discrimination_clause,
               words=_quoted(words))


_JLPT = re.compile(r"n\s*([1-5])", re.IGNORECASE)


def score_rank(score: str) -> tuple[str, Decimal] | None:
    """A comparable form of a test score: a number, or a JLPT level (N5 < N4 < … < N1); None otherwise."""
    text = (score or "").strip()
    m = _JLPT.fullmatch(text)
    if m:
        return ("jlpt", Decimal(6 - int(m.group(1))))
    try:
        return ("number", Decimal(text.replace(",", "")))
    except ArithmeticError:
        return None



@rule("language_test", WARNING, "eligibility_clause", label=_("Recognised language test"),
      message=_("Line %(line)s: the language test “%(test)s” is not one the agreement recognises (%(tests)s). Ask "
                "for a recognised test, or explain the requirement to the reviewer."),
      labels={"language_test": _("Language test")})
def language_test(p: PositionRow, ctx: _Ctx) -> Hit | None:
    t = ctx.terms
    if not p.language_test.strip() or not t.language_tests or t.language_tests.get(_test_key(p.language_test)):
        return None
    names = sorted(x.name for x in t.language_tests.values())
    return hit({"language_test": p.language_test, "recognised": names}, test=p.language_test,
               tests=", ".join(names))


@rule("language_score", WARNING, "eligibility_clause", label=_("Language test score"),
      message=_("Line %(line)s: the minimum score of %(score)s in %(test)s is lower than the agreement's minimum "
                "of %(min)s. Require at least %(min)s."),
      no_score=_("Line %(line)s: no minimum score is given for %(test)s; the agreement requires at least %(min)s. "
                 "Require at least %(min)s."),
      labels={"min_score": _("Minimum score"), "required_min_score": _("Score the agreement requires")})
def language_score(p: PositionRow, ctx: _Ctx) -> Hit | None:
    t = ctx.terms
    if not p.language_test.strip() or not t.language_tests:
        return None
    test = t.language_tests.get(_test_key(p.language_test))
    if test is None:
        return None  # language_test
    values = {"language_test": test.name, "min_score": p.language_min_score, "required_min_score": test.min_score}
    clause = test.clause or None
    name = bilingual_of(test, "local_name")  # the agreement's test as the reader names it
    if not p.language_min_score.strip():
        return hit(values, message="no_score", clause=clause, test=name, min=test.min_score)
    mine, wanted = score_rank(p.language_min_score), score_rank(test.min_score)
    if mine is not None and wanted is not None and mine[0] == wanted[0] and mine[1] < wanted[1]:
        return hit(values, clause=clause, score=p.language_min_score, test=name, min=test.min_score)
    return None


@rule("quota_missing", BLOCKER, label=_("Quota for the position"),
      message=_("Line %(line)s: the agreement has no quota for %(sector)s in %(year)s, so no worker can be "
                "approved for this position. Ask the ministry about the quota, or choose another sector."),
      per_occupation=_("Line %(line)s: in %(year)s the agreement sets the quota for %(sector)s per occupation, for "
                       "%(occupations)s only, and none covers %(occupation)s, so no worker can be approved for this "
                       "position. Choose one of those occupations, or ask the ministry about the quota."),
      labels={"year": _("Year")})
def quota_missing(p: PositionRow, ctx: _Ctx) -> Hit | None:
    t = ctx.terms
    if not t.sector_covered(p.sector) or t.quota_for(p) is not None:
        return None
    values = {"sector": p.sector.code, "occupation": p.occupation.code, "year": t.year}
    listed = t.quotas.occupation_pools_near(p.sector)
    if not listed:
        return hit(values, sector=_sector_label(p.sector), year=t.year)
    occupations = sorted({q.occupation.code for q in listed})
    return hit({**values, "occupations": occupations}, message="per_occupation", clause=listed[0].clause,
               sector=_sector_label(p.sector), year=t.year, occupations=", ".join(occupations),
               occupation=_occupation_label(p.occupation))


# Every rule id, in the order findings are reported within a letter or a line.
LETTER_RULES: tuple[str, ...] = tuple(r.id for r in RULES.values() if r.scope == LETTER)
POSITION_RULES: tuple[str, ...] = tuple(r.id for r in RULES.values() if r.scope == POSITION)
_LETTER_CHECKS = tuple(r for r in RULES.values() if r.scope == LETTER)
_POSITION_CHECKS = tuple(r for r in RULES.values() if r.scope == POSITION)


# --- entry point -----------------------------------------------------------------------------------------

def _version_in_force(letter: DemandLetter, day: datetime.date) -> AgreementVersion | None:
    return (
        AgreementVersion.objects.filter(agreement_id=letter.agreement_id)
        .filter(in_force_on(day))
        .order_by("-in_force_from")
        .prefetch_related(*version_prefetch())
        .first()
    )


def _load_positions(letter: DemandLetter) -> tuple[list[PositionRow], dict[int, list[CostRow]]]:
    """The letter's positions with occupation, sector and wage currency, and all their cost items: two queries.

    Read as plain rows rather than model instances: building 10,000 Position objects with four related
    objects each costs more than all the rules together.
    """
    occupations: dict[int, _Ref] = {}
    sectors: dict[int, _Ref] = {}
    currencies: dict[int, _Ref] = {}
    positions: list[PositionRow] = []
    n = len(_POSITION_FIELDS)
    rows = (Position.objects.filter(letter_id=letter.pk).order_by("line")
            .values_list(*_POSITION_FIELDS, *_POSITION_JOINED))
    for row in rows:
        occ_id, occ_code, occ_title, sec_id, sec_code, sec_title, sec_parent, cur_id, cur_code, cur_minor = row[n:]
        occupation = occupations.get(occ_id)
        if occupation is None:
            occupation = occupations[occ_id] = _Ref(occ_id, occ_code, occ_title)
        sector = sectors.get(sec_id)
        if sector is None:
            sector = sectors[sec_id] = _Ref(sec_id, sec_code, sec_title, parent_id=sec_parent)
        currency = currencies.get(cur_id)
        if currency is None:
            currency = currencies[cur_id] = _Ref(cur_id, cur_code, minor_unit=cur_minor)
        positions.append(PositionRow(row[:n], occupation, sector, currency))
    costs: dict[int, list[CostRow]] = defaultdict(list)
    if positions:
        # Joined on the letter rather than IN (…ids…), so 50,000 positions stay one query on every database.
        cost_rows = (PositionCost.objects.filter(position__letter_id=letter.pk).order_by("position_id", "id")
                     .values_list("position_id", "name", "payer", "amount", "currency_id", "currency__code",
                                  "currency__minor_unit"))
        for position_id, name, payer, amount, cur_id, cur_code, cur_minor in cost_rows:
            currency = currencies.get(cur_id)
            if currency is None:
                currency = currencies[cur_id] = _Ref(cur_id, cur_code, minor_unit=cur_minor)
            costs[position_id].append(CostRow(name, payer, amount, currency))
    return positions, costs



def screen_letter(letter: DemandLetter, *, on: datetime.date | None = None) -> list[FindingData]:
    """Check a letter and each of its positions against the agreement version in force on `on` (today in
    Phnom Penh by default). Letter-level findings come first, then each line's in line order."""
    return _screen(letter, on or timezone.localdate())


def _screen(letter: DemandLetter, day: datetime.date) -> list[FindingData]:
    out = _Findings()
    version = _version_in_force(letter, day)
    positions, costs = _load_positions(letter)
    profile = EmployerProfile.objects.filter(organisation_id=letter.employer_id).first()
    terms = _Terms(version, day.year) if version is not None else None
    rates = RateTable(on=day)
    if version is not None and positions:
        codes = {p.wage_currency.code for p in positions}
        codes |= {c.currency.code for items in costs.values() for c in items}
        codes |= {f.currency.code for f in version.wage_floors.all()}
        codes |= {i.cap_currency.code for i in version.fee_items.all() if i.cap_currency is not None}
        rates = load_rates(day, codes)
    ctx = _Ctx(letter=letter, day=day, version=version, terms=terms, positions=positions, costs=costs,
               profile=profile, rates=rates)
    for letter_rule in _LETTER_CHECKS:
        if version is None and letter_rule.needs_version:
            continue
        out.add(letter_rule, version, letter_rule.check(ctx))
    if version is None:
        return out.render()
    checks = [(r, r.check) for r in _POSITION_CHECKS]
    for p in positions:
        for position_rule, check in checks:
            result = check(p, ctx)
            if result:  # most rules find nothing on most lines
                out.add(position_rule, version, result, line=p.line)
    return out.render()
