"""Automatic screening of a demand letter against the agreement version in force.

Every rule reads its limits from the agreement version (coverage, wage floors, hours, rest, overtime,
contract, stay, eligibility, fee schedule, protections, tests, quotas, attestation), so a new
agreement needs data, not code. Each finding names its rule, severity, the clause it comes from, the
values compared, and a message in English and Khmer rendered from the one gettext catalogue.

`screen_letter` issues a constant number of queries whatever the number of positions:
the version with its terms (`version_prefetch`), the positions with their occupation, sector and
currency, all their cost items, the exchange rates, the quota uses, the employer profile and, only
when needed, the attestation attachments.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone, translation

from demand.conversion import RateTable, from_monthly, grouped, load_rates, plain, round_money, round_up, to_monthly
from demand.models import (
    Accreditation,
    Attachment,
    AttachmentKind,
    DemandLetter,
    EmployerProfile,
    Position,
    PositionCost,
    QuotaUse,
    Severity,
    Sex,
)
from demand.quota import Pool, PoolKey, QuotaBook, pool_key
from mou.models import AgreementVersion, Payer, ProtectionKind, TestKind
from mou.selectors import in_force_on, version_prefetch

BLOCKER = Severity.BLOCKER.value
WARNING = Severity.WARNING.value


@dataclass(frozen=True)
class FindingData:
    rule: str  # stable id, e.g. "wage_floor"
    severity: str  # "blocker" | "warning" (demand.models.Severity)
    clause: str  # the agreement clause the rule comes from ("Art. 11.4"), "" if none
    values: dict  # the values compared, JSON-serialisable (strings for Decimals)
    message_en: str
    message_km: str
    position_line: int | None  # None for letter-level findings


# Every rule id this module can emit, in the order findings are reported within a letter or a line.
LETTER_RULES: tuple[str, ...] = (
    "version_in_force", "validity_dates", "validity_expired", "positions_present",
    "employer_profile", "employer_banned", "employer_accredited", "attestation", "quota",
)
POSITION_RULES: tuple[str, ...] = (
    "sector_covered", "occupation_covered",
    "wage_floor", "wage_floor_missing", "wage_rate_missing",
    "hours_per_day", "hours_per_week", "rest_days", "days_in_week", "overtime_rate",
    "contract_length", "max_stay",
    "zero_fee", "worker_fee_not_allowed", "worker_fee_cap", "worker_fee_rate_missing",
    "required_sex", "age_range", "age_narrower", "protected_terms",
    "language_test", "language_score",
    "quota_missing",
)


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


# --- deferred message text -------------------------------------------------------------------------------

# While findings are rendered in one language, its translations are remembered here: a letter of 10,000
# lines renders the same few sentences thousands of times.
_RENDERING: ContextVar[dict[str, str] | None] = ContextVar("screening_translations", default=None)


def _tr(msgid: str) -> str:
    table = _RENDERING.get()
    if table is None:
        return translation.gettext(msgid)
    text = table.get(msgid)
    if text is None:
        text = table[msgid] = translation.gettext(msgid)
    return text


class _Msg:
    """A message id, translated when it is turned into text (in the language active then)."""

    __slots__ = ("msgid",)

    def __init__(self, msgid: str) -> None:
        self.msgid = msgid

    def __str__(self) -> str:
        return _tr(self.msgid)


_MSGS: dict[str, _Msg] = {}


def _(msgid: str) -> _Msg:
    """Marks a string for the catalogue (makemessages extracts `_("…")`); translated at rendering time."""
    msg = _MSGS.get(msgid)
    if msg is None:
        msg = _MSGS[msgid] = _Msg(msgid)
    return msg


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
        return str(self.template) % {k: str(v) for k, v in self.params.items()}


class _Join:
    __slots__ = ("items", "sep")

    def __init__(self, items: Iterable[Any], sep: str = ", ") -> None:
        self.items = list(items)
        self.sep = sep

    def __str__(self) -> str:
        return self.sep.join(str(i) for i in self.items)


@dataclass(frozen=True)
class _Money:
    """An amount of a currency, optionally per period: "9,000 THB per month" in the active language."""

    amount: Decimal
    code: str
    period: str = ""
    places: int = 2

    def __str__(self) -> str:
        text = f"{grouped(self.amount, self.places)} {self.code}"
        return f"{text} {_PERIOD_LABELS[self.period]}" if self.period else text

    @property
    def data(self) -> str:
        """The same in English for `values` (stored data, independent of the reader's language)."""
        text = f"{plain(self.amount)} {self.code}"
        return f"{text} per {self.period}" if self.period else text


def _quoted(words: Iterable[str]) -> str:
    return ", ".join(f"“{w}”" for w in words)


def _num(value: Decimal | int) -> str:
    return plain(Decimal(value))


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

    def add(self, rule: str, severity: str, clause: str, values: dict, template: Any, line: int | None = None,
            **params: Any) -> None:
        target = self.letter if line is None else self.positions
        if line is not None:
            params["line"] = line
        target.append(_Pending(rule, severity, clause or "", values, template, params, line))

    def render(self) -> list[FindingData]:
        pending = self.letter + self.positions

        def text(p: _Pending) -> str:
            return str(p.template) % {k: str(v) for k, v in p.params.items()}

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

def _norm(name: str) -> str:
    return " ".join((name or "").casefold().split())


def _test_key(name: str) -> str:
    return re.sub(r"[\W_]+", "", (name or "").casefold())


class _Terms:
    """The version's terms in the shapes the rules look them up by (built from prefetched rows only)."""

    def __init__(self, version: AgreementVersion, year: int) -> None:
        self.version = version
        self.year = year
        self.sector_ids = {s.pk for s in version.sectors.all()}
        self.sector_codes = sorted(s.code for s in version.sectors.all())
        self.occupation_codes = {o.code for o in version.occupations.all()}
        self.floors = {f.sector_id: f for f in version.wage_floors.all()}
        # Where the agreement sets its floors: cited when a sector has none.
        self.floors_clause = next((f.clause for f in version.wage_floors.all() if f.clause), "")
        self.worker_fees: dict[str, Any] = {}
        self.employer_fees: dict[str, Any] = {}
        for item in version.fee_items.all():
            (self.worker_fees if item.payer == Payer.WORKER else self.employer_fees)[_norm(item.name)] = item
        self.language_tests = {
            _test_key(t.name): t for t in version.required_tests.all() if t.kind == TestKind.LANGUAGE
        }
        nd = next((p for p in version.protections.all() if p.kind == ProtectionKind.NON_DISCRIMINATION), None)
        self.non_discrimination_clause = nd.clause if nd is not None else ""
        self.quotas = QuotaBook(version.quotas.all(), year)

    def sector_covered(self, position: PositionRow) -> bool:
        return position.sector_id in self.sector_ids or position.sector.parent_id in self.sector_ids

    def occupation_covered(self, position: PositionRow) -> bool:
        if not self.occupation_codes:
            return True
        code = position.occupation.code
        # ISCO-08 codes nest by prefix: 7531 ⊂ 753 ⊂ 75 ⊂ 7, the same chain as Occupation.parent.
        return any(code[:n] in self.occupation_codes for n in range(1, len(code) + 1))

    def floor_for(self, position: PositionRow) -> Any | None:
        floor = self.floors.get(position.sector_id)
        if floor is None and position.sector.parent_id is not None:
            floor = self.floors.get(position.sector.parent_id)
        return floor

    def quota_for(self, position: PositionRow) -> Pool | None:
        """The quota pool a position draws from (demand.quota: the most specific row that covers it)."""
        return self.quotas.pool_for(position.sector, position.occupation.code)


def _sector_label(sector: Any) -> str:
    return f"{sector.title} ({sector.code})"


def _occupation_label(occupation: Any) -> str:
    return f"{occupation.code} {occupation.title}"


@dataclass
class _Ctx:
    terms: _Terms
    rates: RateTable
    day: datetime.date
    costs: dict[int, list[CostRow]]
    out: _Findings
    floor_cache: dict[tuple[Any, ...], tuple[Decimal, Decimal] | None] = field(default_factory=dict)
    protected_cache: dict[str, list[str]] = field(default_factory=dict)

    @property
    def version(self) -> AgreementVersion:
        return self.terms.version


# --- position rules --------------------------------------------------------------------------------------

def _check_coverage(p: PositionRow, ctx: _Ctx) -> None:
    v, t = ctx.version, ctx.terms
    if not t.sector_covered(p):
        ctx.out.add(
            "sector_covered", BLOCKER, v.sectors_clause,
            {"sector": p.sector.code, "covered": t.sector_codes},
            _("Line %(line)s: the agreement does not cover the sector %(sector)s. Choose a sector it covers: "
              "%(covered)s."),
            line=p.line, sector=_sector_label(p.sector), covered=", ".join(t.sector_codes),
        )
    if not t.occupation_covered(p):
        ctx.out.add(
            "occupation_covered", BLOCKER, v.occupations_clause,
            {"occupation": p.occupation.code, "covered": sorted(t.occupation_codes)},
            _("Line %(line)s: the agreement does not cover the occupation %(occupation)s. Choose an occupation "
              "the agreement lists: %(covered)s."),
            line=p.line, occupation=_occupation_label(p.occupation), covered=", ".join(sorted(t.occupation_codes)),
        )


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


def _check_wage(p: PositionRow, ctx: _Ctx) -> None:
    t = ctx.terms
    floor = t.floor_for(p)
    if floor is None:
        if t.sector_covered(p):
            wage = _Money(p.wage_amount, p.wage_currency.code, p.wage_period, p.wage_currency.minor_unit)
            ctx.out.add(
                "wage_floor_missing", WARNING, t.floors_clause,
                {"offered": wage.data, "sector": p.sector.code},
                _("Line %(line)s: the agreement sets no minimum wage for %(sector)s, so the wage of %(offered)s "
                  "could not be checked against it. The reviewer will compare it with the destination country's "
                  "minimum wage."),
                line=p.line, sector=_sector_label(p.sector), offered=wage,
            )
        return
    hours, days = p.hours_per_day, p.days_per_week
    wage_monthly = to_monthly(p.wage_amount, p.wage_period, hours_per_day=hours, days_per_week=days)
    converted = _floor_in_wage_terms(floor, p, ctx)
    if converted is not None and round_money(wage_monthly, p.wage_currency.minor_unit) >= converted[1]:
        return  # the common case, decided without building any text

    rates = ctx.rates
    wage = _Money(p.wage_amount, p.wage_currency.code, p.wage_period, p.wage_currency.minor_unit)
    floor_money = _Money(floor.amount, floor.currency.code, floor.period, floor.currency.minor_unit)
    wage_code, places = wage.code, wage.places
    wage_usd = rates.monthly_usd(p.wage_amount, wage_code, p.wage_period, hours_per_day=hours, days_per_week=days)
    floor_usd = rates.monthly_usd(floor.amount, floor_money.code, floor.period, hours_per_day=hours,
                                  days_per_week=days)
    values: dict[str, Any] = {
        "offered": wage.data, "floor": floor_money.data, "floor_sector": floor.sector.code,
        "hours_per_day": _num(hours), "days_per_week": days,
        "offered_monthly_usd": plain(round_money(wage_usd)) if wage_usd is not None else None,
        "floor_monthly_usd": plain(round_money(floor_usd)) if floor_usd is not None else None,
    }
    if converted is None:
        missing = [c for c in (wage_code, floor_money.code) if not rates.has(c)]
        values["missing_rates"] = missing
        ctx.out.add(
            "wage_rate_missing", WARNING, floor.clause, values,
            _("Line %(line)s: the wage of %(offered)s cannot be compared with the agreement's minimum of "
              "%(floor)s because there is no exchange rate for %(currency)s on or before %(date)s. The reviewer "
              "will compare them by hand; the ministry can add the rate."),
            line=p.line, offered=wage, floor=floor_money, currency=", ".join(missing), date=ctx.day.isoformat(),
        )
        return
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
        ctx.out.add(
            "wage_floor", BLOCKER, floor.clause, values,
            _("Line %(line)s: the wage of %(offered)s is below the agreement's minimum wage of %(floor)s for "
              "%(sector)s (about %(offered_monthly)s a month against %(floor_monthly)s, at %(hours)s hours a day "
              "and %(days)s days a week). Raise the wage to at least %(required)s."),
            line=p.line, required=required_money, **params,
        )
    else:
        ctx.out.add(
            "wage_floor", BLOCKER, floor.clause, values,
            _("Line %(line)s: the wage of %(offered)s is below the agreement's minimum wage of %(floor)s for "
              "%(sector)s (about %(offered_monthly)s a month against %(floor_monthly)s, at %(hours)s hours a day "
              "and %(days)s days a week). Raise the wage to at least the minimum."),
            line=p.line, **params,
        )


def _check_hours_and_rest(p: PositionRow, ctx: _Ctx) -> None:
    v = ctx.version
    if p.hours_per_day > v.hours_per_day:
        ctx.out.add(
            "hours_per_day", BLOCKER, v.hours_clause,
            {"hours_per_day": _num(p.hours_per_day), "max_hours_per_day": _num(v.hours_per_day)},
            _("Line %(line)s: %(hours)s normal hours a day is more than the agreement's maximum of %(max)s. "
              "Reduce the normal hours to %(max)s a day or fewer; longer work is overtime."),
            line=p.line, hours=_num(p.hours_per_day), max=_num(v.hours_per_day),
        )
    weekly = p.hours_per_day * p.days_per_week
    if weekly > v.hours_per_week:
        ctx.out.add(
            "hours_per_week", BLOCKER, v.hours_clause,
            {"hours_per_day": _num(p.hours_per_day), "days_per_week": p.days_per_week,
             "hours_per_week": _num(weekly), "max_hours_per_week": _num(v.hours_per_week)},
            _("Line %(line)s: %(hours)s hours a day on %(days)s days make %(weekly)s normal hours a week, more "
              "than the agreement's maximum of %(max)s. Reduce the hours a day or the working days."),
            line=p.line, hours=_num(p.hours_per_day), days=p.days_per_week, weekly=_num(weekly),
            max=_num(v.hours_per_week),
        )
    if p.rest_days_per_week < v.min_weekly_rest_days:
        ctx.out.add(
            "rest_days", BLOCKER, v.rest_clause,
            {"rest_days_per_week": p.rest_days_per_week, "min_rest_days_per_week": v.min_weekly_rest_days},
            _("Line %(line)s: %(rest)s rest days a week is fewer than the agreement's minimum of %(min)s. Give at "
              "least %(min)s rest days a week."),
            line=p.line, rest=p.rest_days_per_week, min=v.min_weekly_rest_days,
        )
    if p.days_per_week + p.rest_days_per_week > 7:
        ctx.out.add(
            "days_in_week", BLOCKER, v.rest_clause,
            {"days_per_week": p.days_per_week, "rest_days_per_week": p.rest_days_per_week},
            _("Line %(line)s: %(days)s working days and %(rest)s rest days make more than the 7 days of a week. "
              "Correct the working days or the rest days."),
            line=p.line, days=p.days_per_week, rest=p.rest_days_per_week,
        )
    if p.overtime_rate < v.overtime_rate:
        ctx.out.add(
            "overtime_rate", BLOCKER, v.overtime_clause,
            {"overtime_rate": _num(p.overtime_rate), "min_overtime_rate": _num(v.overtime_rate)},
            _("Line %(line)s: an overtime rate of %(rate)s times the normal hourly wage is below the agreement's "
              "minimum of %(min)s times. Raise the overtime rate to at least %(min)s."),
            line=p.line, rate=_num(p.overtime_rate), min=_num(v.overtime_rate),
        )


def _check_contract(p: PositionRow, ctx: _Ctx) -> None:
    v = ctx.version
    if not v.contract_min_months <= p.contract_months <= v.contract_max_months:
        ctx.out.add(
            "contract_length", BLOCKER, v.contract_clause,
            {"contract_months": p.contract_months, "min_months": v.contract_min_months,
             "max_months": v.contract_max_months},
            _("Line %(line)s: a contract of %(months)s months is outside the agreement's range of %(min)s to "
              "%(max)s months. Set a contract length between %(min)s and %(max)s months."),
            line=p.line, months=p.contract_months, min=v.contract_min_months, max=v.contract_max_months,
        )
    if p.contract_months > v.max_stay_months:
        ctx.out.add(
            "max_stay", BLOCKER, v.stay_clause,
            {"contract_months": p.contract_months, "max_stay_months": v.max_stay_months},
            _("Line %(line)s: a contract of %(months)s months is longer than the agreement's maximum stay of "
              "%(max)s months. Shorten the contract to %(max)s months or fewer."),
            line=p.line, months=p.contract_months, max=v.max_stay_months,
        )


def _cost_money(c: CostRow) -> _Money:
    return _Money(c.amount, c.currency.code, "", c.currency.minor_unit)


def _check_fees(p: PositionRow, ctx: _Ctx) -> None:
    v, t = ctx.version, ctx.terms
    worker_costs = [c for c in ctx.costs.get(p.pk, ()) if c.payer == Payer.WORKER]
    if not worker_costs:
        return
    if v.zero_fee:
        for c in worker_costs:
            paid = _cost_money(c)
            ctx.out.add(
                "zero_fee", BLOCKER, v.fee_clause,
                {"item": c.name, "paid": paid.data, "payer": Payer.WORKER.value, "zero_fee": True},
                _("Line %(line)s: the worker is to pay %(paid)s for “%(item)s”, but under this agreement workers "
                  "pay no recruitment fees or costs at all. Make the employer the payer of this cost."),
                line=p.line, paid=paid, item=c.name,
            )
        return
    # Items of the schedule, with what the worker pays for each, summed in the cap's currency.
    by_item: dict[str, list[CostRow]] = defaultdict(list)
    for c in worker_costs:
        key = _norm(c.name)
        item = t.worker_fees.get(key)
        if item is not None:
            by_item[key].append(c)
            continue
        paid = _cost_money(c)
        employer_item = t.employer_fees.get(key)
        values = {"item": c.name, "paid": paid.data, "allowed": sorted(i.name for i in t.worker_fees.values())}
        if employer_item is not None:
            ctx.out.add(
                "worker_fee_not_allowed", BLOCKER, employer_item.clause or v.fee_clause,
                {**values, "schedule_payer": Payer.EMPLOYER.value},
                _("Line %(line)s: the worker is to pay %(paid)s for “%(item)s”, but the agreement's fee schedule "
                  "says the employer pays it. Make the employer the payer of this cost."),
                line=p.line, paid=paid, item=c.name,
            )
        else:
            allowed = sorted(i.name for i in t.worker_fees.values())
            ctx.out.add(
                "worker_fee_not_allowed", BLOCKER, v.fee_clause, {**values, "schedule_payer": None},
                _("Line %(line)s: the worker is to pay %(paid)s for “%(item)s”, but the agreement's fee schedule "
                  "does not let workers pay this cost. Make the employer the payer, or use an item workers may "
                  "pay: %(allowed)s."),
                line=p.line, paid=paid, item=c.name, allowed=_quoted(allowed) if allowed else _("none"),
            )
    for key, items in by_item.items():
        item = t.worker_fees[key]
        if item.cap_amount is None:
            continue
        cap_code = item.cap_currency.code if item.cap_currency_id else items[0].currency.code
        cap_places = item.cap_currency.minor_unit if item.cap_currency_id else 2
        cap = _Money(item.cap_amount, cap_code, "", cap_places)
        converted = [ctx.rates.convert(c.amount, c.currency.code, cap_code) for c in items]
        paid_list = [_cost_money(c) for c in items]
        paid_text: Any = _Join(paid_list, " + ")
        if any(x is None for x in converted):
            missing = sorted({c.currency.code for c in items if not ctx.rates.has(c.currency.code)}
                             | ({cap_code} if not ctx.rates.has(cap_code) else set()))
            ctx.out.add(
                "worker_fee_rate_missing", WARNING, item.clause or v.fee_clause,
                {"item": item.name, "paid": [m.data for m in paid_list], "cap": cap.data, "missing_rates": missing},
                _("Line %(line)s: the worker's cost of %(paid)s for “%(item)s” cannot be compared with the "
                  "agreement's cap of %(cap)s because there is no exchange rate for %(currency)s on or before "
                  "%(date)s. The reviewer will compare them by hand."),
                line=p.line, paid=paid_text, item=item.name, cap=cap, currency=", ".join(missing),
                date=ctx.day.isoformat(),
            )
            continue
        total = round_money(sum((x for x in converted if x is not None), Decimal(0)), cap_places)
        if total <= item.cap_amount:
            continue
        if len(items) > 1 or items[0].currency.code != cap_code:
            paid_text = _Fmt(_("%(amounts)s (about %(total)s)"), amounts=paid_text,
                             total=_Money(total, cap_code, "", cap_places))
        ctx.out.add(
            "worker_fee_cap", BLOCKER, item.clause or v.fee_clause,
            {"item": item.name, "paid": [m.data for m in paid_list], "paid_in_cap_currency": plain(total),
             "cap": cap.data},
            _("Line %(line)s: the worker is to pay %(paid)s for “%(item)s”, more than the agreement's cap of "
              "%(cap)s. Lower the worker's share to %(cap)s or less; the employer pays the rest."),
            line=p.line, paid=paid_text, item=item.name, cap=cap,
        )


def _age_limits(low: int | None, high: int | None) -> Any:
    if low is not None and high is not None:
        return _Fmt(_("%(min)s to %(max)s years"), min=low, max=high)
    if low is not None:
        return _Fmt(_("at least %(min)s years"), min=low)
    return _Fmt(_("at most %(max)s years"), max=high)


def _check_protected(p: PositionRow, ctx: _Ctx) -> None:
    v, t = ctx.version, ctx.terms
    nd_clause = t.non_discrimination_clause
    if p.required_sex and p.required_sex != Sex.ANY:
        ctx.out.add(
            "required_sex", BLOCKER, nd_clause, {"required_sex": p.required_sex, "allowed": Sex.ANY.value},
            _("Line %(line)s: the position is open only to %(sex)s. The agreement forbids discrimination on sex; "
              "open the position to all applicants (set “sex required” to “Any”)."),
            line=p.line, sex=_("women") if p.required_sex == Sex.FEMALE else _("men"),
        )
    low, high = p.min_age, p.max_age
    if low is not None or high is not None:
        values = {"min_age": low, "max_age": high, "eligible_min_age": v.min_age, "eligible_max_age": v.max_age}
        if low is not None and high is not None and low > high:
            ctx.out.add(
                "age_range", BLOCKER, v.age_clause, values,
                _("Line %(line)s: the minimum age of %(low)s is above the maximum age of %(high)s. Correct the "
                  "age limits."),
                line=p.line, low=low, high=high,
            )
        elif (low is not None and not v.min_age <= low <= v.max_age) or (
                high is not None and not v.min_age <= high <= v.max_age):
            ctx.out.add(
                "age_range", BLOCKER, v.age_clause, values,
                _("Line %(line)s: the age limits of %(limits)s fall outside the agreement's eligibility range of "
                  "%(min)s to %(max)s years. Set limits within %(min)s to %(max)s years, or leave them empty."),
                line=p.line, limits=_age_limits(low, high), min=v.min_age, max=v.max_age,
            )
        elif (low is not None and low > v.min_age) or (high is not None and high < v.max_age):
            ctx.out.add(
                "age_narrower", WARNING, nd_clause or v.age_clause, values,
                _("Line %(line)s: the age limits of %(limits)s are narrower than the agreement's eligibility range "
                  "of %(min)s to %(max)s years. Check that the job really needs them: age limits can be "
                  "discrimination."),
                line=p.line, limits=_age_limits(low, high), min=v.min_age, max=v.max_age,
            )
    words = ctx.protected_cache.get(p.skills)
    if words is None:
        words = ctx.protected_cache[p.skills] = protected_words(p.skills)
    if words:
        ctx.out.add(
            "protected_terms", WARNING, nd_clause, {"field": "skills", "matched": words},
            _("Line %(line)s: the skills and requirements mention %(words)s. Requirements on sex, gender "
              "identity, sexual orientation, marital status, pregnancy, religion, ethnicity, disability or age "
              "are not allowed unless the job truly needs them. Flagged for the reviewer: remove them or explain "
              "why the job needs them."),
            line=p.line, words=_quoted(words),
        )


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


def _check_language(p: PositionRow, ctx: _Ctx) -> None:
    t = ctx.terms
    if not p.language_test.strip() or not t.language_tests:
        return
    test = t.language_tests.get(_test_key(p.language_test))
    names = sorted(x.name for x in t.language_tests.values())
    if test is None:
        ctx.out.add(
            "language_test", WARNING, ctx.version.eligibility_clause,
            {"language_test": p.language_test, "recognised": names},
            _("Line %(line)s: the language test “%(test)s” is not one the agreement recognises (%(tests)s). Ask "
              "for a recognised test, or explain the requirement to the reviewer."),
            line=p.line, test=p.language_test, tests=", ".join(names),
        )
        return
    values = {"language_test": test.name, "min_score": p.language_min_score, "required_min_score": test.min_score}
    clause = test.clause or ctx.version.eligibility_clause
    if not p.language_min_score.strip():
        ctx.out.add(
            "language_score", WARNING, clause, values,
            _("Line %(line)s: no minimum score is given for %(test)s; the agreement requires at least %(min)s. "
              "Require at least %(min)s."),
            line=p.line, test=test.name, min=test.min_score,
        )
        return
    mine, wanted = score_rank(p.language_min_score), score_rank(test.min_score)
    if mine is not None and wanted is not None and mine[0] == wanted[0] and mine[1] < wanted[1]:
        ctx.out.add(
            "language_score", WARNING, clause, values,
            _("Line %(line)s: the minimum score of %(score)s in %(test)s is lower than the agreement's minimum "
              "of %(min)s. Require at least %(min)s."),
            line=p.line, score=p.language_min_score, test=test.name, min=test.min_score,
        )


def _check_quota_row(p: PositionRow, ctx: _Ctx) -> None:
    t = ctx.terms
    if not t.sector_covered(p) or t.quota_for(p) is not None:
        return
    values = {"sector": p.sector.code, "occupation": p.occupation.code, "year": t.year}
    listed = t.quotas.occupation_pools_near(p.sector)
    if not listed:
        ctx.out.add(
            "quota_missing", BLOCKER, "", values,
            _("Line %(line)s: the agreement has no quota for %(sector)s in %(year)s, so no worker can be "
              "approved for this position. Ask the ministry about the quota, or choose another sector."),
            line=p.line, sector=_sector_label(p.sector), year=t.year,
        )
        return
    occupations = sorted({q.occupation.code for q in listed})
    ctx.out.add(
        "quota_missing", BLOCKER, listed[0].clause, {**values, "occupations": occupations},
        _("Line %(line)s: in %(year)s the agreement sets the quota for %(sector)s per occupation, for "
          "%(occupations)s only, and none covers %(occupation)s, so no worker can be approved for this "
          "position. Choose one of those occupations, or ask the ministry about the quota."),
        line=p.line, sector=_sector_label(p.sector), year=t.year, occupations=", ".join(occupations),
        occupation=_occupation_label(p.occupation),
    )


_POSITION_CHECKS: tuple[Callable[[PositionRow, _Ctx], None], ...] = (
    _check_coverage, _check_wage, _check_hours_and_rest, _check_contract, _check_fees, _check_protected,
    _check_language, _check_quota_row,
)


# --- letter rules ----------------------------------------------------------------------------------------

def _check_validity(letter: DemandLetter, day: datetime.date, out: _Findings) -> None:
    values = {"valid_from": letter.valid_from.isoformat(), "valid_until": letter.valid_until.isoformat(),
              "on": day.isoformat()}
    if letter.valid_until < letter.valid_from:
        out.add(
            "validity_dates", BLOCKER, "", values,
            _("The letter's validity ends on %(valid_until)s, before it starts on %(valid_from)s. Correct the "
              "validity dates."),
            valid_until=values["valid_until"], valid_from=values["valid_from"],
        )
    if letter.valid_until < day:
        out.add(
            "validity_expired", BLOCKER, "", values,
            _("The letter's validity ended on %(valid_until)s, before %(date)s. Extend the validity or file a new "
              "demand letter."),
            valid_until=values["valid_until"], date=values["on"],
        )


def _check_employer(letter: DemandLetter, profile: EmployerProfile | None, day: datetime.date,
                    out: _Findings) -> None:
    if profile is None:
        out.add(
            "employer_profile", BLOCKER, "", {"employer": letter.employer_id},
            _("The employer has no profile with the ministry, so its accreditation cannot be checked. Ask the "
              "ministry to register and accredit the employer before submitting demand."),
        )
        return
    values = {
        "accreditation": profile.accreditation,
        "accredited_until": profile.accredited_until.isoformat() if profile.accredited_until else None,
        "banned_until": profile.banned_until.isoformat() if profile.banned_until else None,
        "on": day.isoformat(),
    }
    ban_open = profile.banned_until is None or profile.banned_until >= day
    if (profile.accreditation == Accreditation.BANNED and ban_open) or (
            profile.banned_until is not None and profile.banned_until >= day):
        if profile.banned_until is not None:
            out.add(
                "employer_banned", BLOCKER, "", values,
                _("The employer is banned from filing demand until %(banned_until)s. No demand can be submitted "
                  "while the ban lasts."),
                banned_until=values["banned_until"],
            )
        else:
            out.add(
                "employer_banned", BLOCKER, "", values,
                _("The employer is banned from filing demand. No demand can be submitted while the ban lasts."),
            )
        return
    if profile.accreditation != Accreditation.ACCREDITED:
        out.add(
            "employer_accredited", BLOCKER, "", values,
            _("The employer is not accredited by the ministry (accreditation: %(status)s). Only accredited "
              "employers can submit demand; ask the ministry to accredit the employer."),
            status=Accreditation(profile.accreditation).label,
        )
    elif profile.accredited_until is not None and profile.accredited_until < day:
        out.add(
            "employer_accredited", BLOCKER, "", values,
            _("The employer's accreditation expired on %(accredited_until)s. Ask the ministry to renew it before "
              "submitting demand."),
            accredited_until=values["accredited_until"],
        )


def _check_attestation(letter: DemandLetter, version: AgreementVersion, out: _Findings) -> None:
    if not version.attestation_required:
        return
    has_document = bool(letter.attestation_document) or Attachment.objects.filter(
        letter_id=letter.pk, kind=AttachmentKind.ATTESTATION).exists()
    missing: list[tuple[str, Any]] = []
    if not letter.attestation_date:
        missing.append(("attestation_date", _("the date of attestation")))
    if not letter.attestation_officer.strip():
        missing.append(("attestation_officer", _("the attesting officer")))
    if not has_document:
        missing.append(("attestation_document", _("the attestation document")))
    if missing:
        out.add(
            "attestation", BLOCKER, version.attestation_clause,
            {"missing": [k for k, _label in missing],
             "attestation_date": letter.attestation_date.isoformat() if letter.attestation_date else None,
             "attestation_officer": letter.attestation_officer, "document": has_document},
            _("The agreement requires the demand letter to be attested by the Cambodian embassy or labour "
              "attaché. Missing: %(missing)s. Add them before submitting."),
            missing=_Join(label for _k, label in missing),
        )


def _check_quotas(letter: DemandLetter, positions: list[PositionRow], terms: _Terms, out: _Findings) -> None:
    """The letter's workers per quota pool (demand.quota) against what remains of it: the row's cap less
    what approved demand holds in QuotaUse(agreement, year, sector, occupation)."""
    by_pool: dict[PoolKey, list[PositionRow]] = defaultdict(list)
    pools: dict[PoolKey, Pool] = {}
    for p in positions:
        pool = terms.quota_for(p)
        if pool is None:
            continue
        by_pool[pool.key].append(p)
        pools[pool.key] = pool
    if not by_pool:
        return
    approved = {
        pool_key(sector_id, occupation_id): n
        for sector_id, occupation_id, n in QuotaUse.objects.filter(
            agreement_id=letter.agreement_id, year=terms.year, sector_id__in={k[0] for k in by_pool}
        ).values_list("sector_id", "occupation_id", "approved")
    }
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
            label = _Fmt(_("%(sector)s, occupation %(occupation)s"), sector=_sector_label(pool.sector),
                         occupation=_occupation_label(pool.occupation))
        out.add(
            "quota", BLOCKER, pool.clause,
            {"sector": pool.sector.code, "occupation": getattr(pool.occupation, "code", None), "year": terms.year,
             "requested": requested, "remaining": remaining, "cap": pool.cap, "approved": used, "lines": lines},
            _("Not enough quota for %(quota)s in %(year)s: %(requested)s workers requested (lines %(lines)s), "
              "%(remaining)s remaining of the cap of %(cap)s. Reduce the number of workers to %(remaining)s or "
              "fewer, or wait until quota is returned."),
            quota=label, year=terms.year, requested=requested, lines=", ".join(str(n) for n in lines),
            remaining=remaining, cap=pool.cap,
        )


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

    if version is None:
        out.add(
            "version_in_force", BLOCKER, "", {"agreement": letter.agreement_id, "on": day.isoformat()},
            _("No version of the agreement is in force on %(date)s, so this demand cannot be checked or approved. "
              "Ask the ministry which agreement applies."),
            date=day.isoformat(),
        )
    _check_validity(letter, day, out)
    if not positions:
        out.add(
            "positions_present", BLOCKER, "", {"positions": 0},
            _("The letter has no positions. Add at least one position before submitting."),
        )
    _check_employer(letter, profile, day, out)
    if version is None:
        return out.render()

    _check_attestation(letter, version, out)
    terms = _Terms(version, day.year)
    codes = {p.wage_currency.code for p in positions}
    codes |= {c.currency.code for items in costs.values() for c in items}
    codes |= {f.currency.code for f in version.wage_floors.all()}
    codes |= {i.cap_currency.code for i in version.fee_items.all() if i.cap_currency is not None}
    rates = load_rates(day, codes) if positions else RateTable(on=day)
    ctx = _Ctx(terms=terms, rates=rates, day=day, costs=costs, out=out)
    for p in positions:
        for check in _POSITION_CHECKS:
            check(p, ctx)
    _check_quotas(letter, positions, terms, out)
    return out.render()
