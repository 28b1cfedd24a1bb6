"""Validation as plain functions: the portfolio in, findings with a place out.

The CLI's ``check``, the wizard's Next button and the export all call
:func:`validate`; the TUI wraps the field-level functions (``org_number``,
``whole_number``, ...) in a thin Textual ``Validator``. Nothing here does I/O
or imports Textual.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, Collection, Iterator, Mapping

from wizard import model, parse, privacy
from wizard.privacy import describe
from wizard.i18n import LANGUAGES, language, t

if TYPE_CHECKING:
    from wizard.catalog import Catalog


@dataclass(frozen=True)
class Finding:
    """One problem: ``cities/1480-goteborg.toml: partners[2].phone``."""

    file: str
    path: str
    code: str  # key in strings/findings.toml
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    severity: str = "error"  # error | warning
    # An error that stops only some documents: the kommunkoder whose sign and tenant letter it
    # holds back (the rest of the export goes on). Empty: an error stops the whole export.
    blocks: tuple[str, ...] = field(default=(), hash=False, compare=False)

    @property
    def location(self) -> str:
        return f"{self.file}: {self.path}" if self.path else self.file

    def message(self, lang: str | None = None) -> str:
        """The finding in words; a parameter given as a ``catalog.Text`` (a name in both languages) in the message's,
        found case data described (:func:`wizard.privacy.describe`)."""
        from wizard.catalog import Text
        from wizard.i18n import language

        said = lang or language()
        params = {
            k: describe(v.hits, lang) if isinstance(v, privacy.Found) else v(said) if isinstance(v, Text) else v
            for k, v in self.params.items()
        }
        return t(f"findings.{self.code}", lang, **params)

    def __str__(self) -> str:
        return f"{self.location}: {self.message()}"


PHONE = re.compile(r"[0-9+\-\s()]{2,30}")
# An e-mail address as a partner gives it: one @, a name before it, a domain with a dot after it, no spaces.
EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")

# ---------------------------------------------------------------- field rules
# Each returns None when the value is fine, else a findings code (and params).


def org_number(value: str) -> str | None:
    """Swedish organisation number: NNNNNN-NNNN, the last digit a Luhn check digit.

    Also in the 12-digit form registers and e-invoices use, ``16`` before the
    ten digits (``16556677-8899``): the same number.
    """
    if not value:
        return None
    digits = re.sub(r"[\s-]", "", value)
    if re.fullmatch(r"16\d{10}", digits):
        digits = digits[2:]
    if not re.fullmatch(r"\d{10}", digits):
        return "org_number_format"
    total = 0
    for i, ch in enumerate(digits[:9]):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    if (10 - total % 10) % 10 != int(digits[9]):
        return "org_number_check_digit"
    return None


def email(value: str) -> str | None:
    """A partner's e-mail address: ``namn@exempel.se`` (a typo such as a missing @ or a space is caught)."""
    if not value.strip():
        return None
    return None if EMAIL.fullmatch(value.strip()) else "email_format"


def phone(value: str) -> str | None:
    """A phone number as people write it: digits, spaces, +, - and brackets."""
    if not value.strip():
        return None
    return None if PHONE.fullmatch(value) else "phone_format"


def whole_number(value: Any, *, maximum: int | None = None) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "not_a_number"
    if value < 0:
        return "negative"
    if isinstance(value, float) and not value.is_integer():
        return "not_whole"
    if maximum is not None and value > maximum:
        return "too_large"
    return None


def non_negative(value: Any, *, maximum: float | None = None) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "not_a_number"
    if value != value or value < 0:  # NaN or negative
        return "negative"
    if maximum is not None and value > maximum:
        return "too_large"
    return None


def limits(value: Any, maximum: float, unit: str = "") -> dict[str, Any]:
    """A finding's params for a number and its limit, so the message states it: "högst 5", "högst 100 %"."""
    shown = f"{maximum:,}".replace(",", "\u00a0" if language() == "sv" else ",").replace(".", "," if language() == "sv" else ".")
    return {"value": value, "maximum": shown + unit}


@dataclass(frozen=True)
class Limit:
    """A field's rule: a number from 0 up to ``maximum`` (a whole one when ``whole``), its message stating the limit."""

    maximum: float
    whole: bool = True
    unit: str = ""

    def __call__(self, value: Any) -> str | None:
        return (whole_number if self.whole else non_negative)(value, maximum=self.maximum)  # type: ignore[arg-type]

    def params(self, value: Any) -> dict[str, Any]:
        return limits(value, self.maximum, self.unit)


PERCENT = Limit(100, unit=" %")
DUTY_DAYS = Limit(5)
MONTHS = Limit(model.MAX_CADENCE_MONTHS)
STAFF_HOURS = Limit(7 * 24 * 1000, whole=False)
COST_PER_SIGN = Limit(100_000, whole=False, unit=" kr")


def not_in_future(day: dt.date, today: dt.date | None) -> str | None:
    """A day something was done: never after today (a planned day is not a done one)."""
    return "date_in_future" if today is not None and day > today else None


def advice_has_112(steps: list[str]) -> bool:
    return any(re.search(r"(?<!\d)112(?!\d)", s) for s in steps)


MAX_COUNT = parse.MAX_COUNT  # the largest count a file may hold


def handled_in_time(handled: Any, reported: Any) -> str | None:
    """Reports acted on within the commitment in a quarter: a count, and never more than that quarter's reports."""
    if code := whole_number(handled, maximum=MAX_COUNT):
        return code
    if not parse.is_count(reported):
        return "handled_without_reports"
    if handled > reported:
        return "handled_exceeds_reports"
    return None


def survey(s: model.Survey, today: dt.date | None, questions: Collection[str]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """What is wrong with one customer survey: (place under the survey, findings code, params).

    A survey has a date not in the future, a whole number of respondents, and
    per known question a share answering yes from 0 to 100 percent, at least
    one; a share with no respondents behind it means nothing, and neither do
    respondents without a share.
    """
    if s.date is None:
        yield "date", "survey_without_date", {}
    elif today is not None and s.date > today:
        yield "date", "date_in_future", {"value": s.date.isoformat()}
    if code := whole_number(s.respondents, maximum=MAX_COUNT):
        yield "respondents", code, limits(s.respondents, MAX_COUNT)
    elif s.respondents == 0:
        yield "respondents", "survey_without_respondents", {}
    for question, share in s.yes.items():
        if question not in questions:
            yield f"yes.{question}", "unknown_question", {"value": question, "allowed": ", ".join(questions)}
        elif isinstance(share, (int, float)) and not isinstance(share, bool) and share > 100:
            yield f"yes.{question}", "share_over_100", {"value": share}
        elif code := non_negative(share):
            yield f"yes.{question}", code, {"value": share}
    if not s.yes:
        yield "yes", "survey_without_answers", {}


def follow_up(cadence_id: str, day: Any, today: dt.date | None, catalog: "Catalog") -> str | None:
    """A city's record that a follow-up was done: a city-level cadence, done on a day not in the future."""
    cadence = catalog.cadence(cadence_id)
    if cadence is None:
        return "unknown_cadence"
    if cadence.level != "city":
        return "follow_up_not_city"
    if today is not None and day > today:
        return "date_in_future"
    return None


# ---------------------------------------------------------------- portfolio


def validate(
    portfolio: model.Portfolio,
    catalog: "Catalog",
    *,
    sources: Mapping[str, str] | None = None,
    duplicates: Mapping[str, list[str]] | None = None,
    today: dt.date | None = None,
    whole: model.Portfolio | None = None,
) -> list[Finding]:
    """Every finding in the portfolio, company file first, then cities by code.

    ``sources`` maps a city code to the file it was read from (relative to the
    portfolio), ``duplicates`` a code to every file that claims it. ``whole``
    is the whole portfolio where ``portfolio`` holds only the cities to check
    again (the wizard keeps each city's findings until it changes): the
    company file's findings that count every municipality come from it.
    """
    findings = list(_settings(portfolio.settings, catalog, today))
    findings.extend(case_data(model.COMPANY_FILE, portfolio.settings))
    findings.extend(_reporting(whole or portfolio, sources))
    if today is not None:
        findings.extend(_number_checks(portfolio, catalog, today))
    for city in portfolio.sorted_cities():
        fname = (sources or {}).get(city.code) or f"{model.CITIES_DIR}/{model.city_filename(city.code, city.name)}"
        findings.extend(_city(city, fname, catalog, today))
        findings.extend(_buildings(city, fname.removesuffix(".toml") + "/" + model.BUILDINGS_FILE, today))
        findings.extend(case_data(fname, city))
    findings.extend(_stale_signs(portfolio, catalog, sources, today))
    findings.extend(_translations(portfolio, catalog, sources, today))
    for code, files in sorted((duplicates or {}).items()):
        if len(files) > 1:
            findings.append(Finding(files[0], "code", "duplicate_city", {"code": code, "files": ", ".join(files)}))
    return findings


def validate_city(city: model.City, catalog: "Catalog", today: dt.date | None, file: str = "") -> list[Finding]:
    """One municipality's findings, as :func:`validate` finds them in its file (``file``, else the usual name)."""
    fname = file or f"{model.CITIES_DIR}/{model.city_filename(city.code, city.name)}"
    return [*_city(city, fname, catalog, today), *case_data(fname, city)]


def validate_settings(settings: model.Settings, catalog: "Catalog", today: dt.date | None) -> list[Finding]:
    """The company file's findings, as :func:`validate` finds them."""
    return [*_settings(settings, catalog, today), *case_data(model.COMPANY_FILE, settings)]


def validate_company(
    portfolio: model.Portfolio,
    catalog: "Catalog",
    *,
    sources: Mapping[str, str] | None = None,
    today: dt.date | None = None,
) -> list[Finding]:
    """What the company-level wizard steps own of :func:`validate`'s findings: the company file's, and of each
    municipality's own only its staff trained per role (step 7, the action plan's training targets).

    Where ``huskurage DIR`` lands depends on no more (``tui/dashboard/landing.py``; ``tests/unit/test_landing.py``
    holds the two equal). Left out are the municipalities' other answers, their buildings and the reading of every
    text for case data: with 290 municipalities and 6,000 entrances most of :func:`validate`'s time.
    """
    findings = [*validate_settings(portfolio.settings, catalog, today), *_reporting(portfolio, sources)]
    for city in portfolio.sorted_cities():
        findings.extend(_training(city, _city_file(city, sources), catalog))
    return findings


def introduced(before: Collection[Finding], after: Collection[Finding]) -> list[Finding]:
    """The findings of ``after`` that ``before`` did not have (the same place and the same problem)."""
    known = {(f.file, f.path, f.code) for f in before}
    return [f for f in after if (f.file, f.path, f.code) not in known]


def _settings(s: model.Settings, catalog: "Catalog", today: dt.date | None = None) -> Iterator[Finding]:
    f = model.COMPANY_FILE
    if not s.company.name.strip():
        yield Finding(f, "company.name", "missing_company_name", severity="warning")
    if code := org_number(s.company.org_number):
        yield Finding(f, "company.org_number", code, {"value": s.company.org_number})
    variants = {v.id for v in catalog.advice}
    if s.advice.variant not in variants:
        yield Finding(f, "advice.variant", "unknown_advice", {"value": s.advice.variant})
    elif s.advice.variant == "custom":
        if not [x for x in s.advice.custom_steps if x.strip()]:
            yield Finding(f, "advice.custom_steps", "custom_advice_empty")
        elif not advice_has_112(s.advice.custom_steps):
            yield Finding(f, "advice.custom_steps", "custom_advice_without_112")
    commitments = {c.id for c in catalog.commitments}
    if s.action_plan.wanted_commitment not in commitments:
        yield Finding(f, "action_plan.wanted_commitment", "unknown_commitment", {"value": s.action_plan.wanted_commitment})
    roles = {r.id for r in catalog.roles}
    for role, pct in s.action_plan.training_targets.items():
        if role not in roles:
            yield Finding(f, f"action_plan.training_targets.{role}", "unknown_role", {"value": role})
        elif code := PERCENT(pct):
            yield Finding(f, f"action_plan.training_targets.{role}", code, PERCENT.params(pct))
    for name in model.Sizing.__dataclass_fields__:
        value = getattr(s.sizing, name)
        limit = 1 if name == "home_visit_share" else 53 if name == "working_weeks" else 10_000
        if code := non_negative(value, maximum=limit):
            yield Finding(f, f"sizing.{name}", code, limits(value, limit))
    if s.huskurage.date and (code := not_in_future(s.huskurage.date, today)):
        yield Finding(f, "huskurage.date", code, {"value": s.huskurage.date.isoformat()})
    if not s.sizing.working_weeks:
        yield Finding(f, "sizing.working_weeks", "zero_weeks")
    if s.decision.cost_per_sign is not None and (code := COST_PER_SIGN(s.decision.cost_per_sign)):
        yield Finding(f, "decision.cost_per_sign", code, COST_PER_SIGN.params(s.decision.cost_per_sign))
    cadences = {c.id for c in catalog.cadences}
    for cid, months in s.cadences.items():
        if cid not in cadences:
            yield Finding(f, f"cadences.{cid}", "unknown_cadence", {"value": cid})
        elif code := MONTHS(months):
            yield Finding(f, f"cadences.{cid}", code, MONTHS.params(months))
    yield from _too_early(f, "company.decision_date", s.company.decision_date)
    yield from _progress(f, s.progress, catalog, "company", today)
    yield from _history(f, s.history)


def _city_file(city: model.City, sources: Mapping[str, str] | None) -> str:
    return (sources or {}).get(city.code) or f"{model.CITIES_DIR}/{model.city_filename(city.code, city.name)}"


def _training(city: model.City, f: str, catalog: "Catalog") -> Iterator[Finding]:
    """A municipality's staff and trained per role: its part of the action plan's training targets (step 7)."""
    roles = {r.id for r in catalog.roles}
    for role, tr in city.training.items():
        where = f"training.{role}"
        if role not in roles:
            yield Finding(f, where, "unknown_role", {"value": role})
        for name in ("staff", "trained"):
            if code := whole_number(getattr(tr, name), maximum=MAX_COUNT):
                yield Finding(f, f"{where}.{name}", code, limits(getattr(tr, name), MAX_COUNT))
        if _numbers(tr.trained, tr.staff) and tr.trained > tr.staff:
            yield Finding(f, f"{where}.trained", "trained_exceeds_staff", {"trained": tr.trained, "staff": tr.staff})


def _reporting(portfolio: model.Portfolio, sources: Mapping[str, str] | None) -> Iterator[Finding]:
    """Every sign and letter says how to tell the landlord: without a phone, those documents are held back."""
    route = portfolio.settings.reporting
    if route.phone.strip() and not PHONE.fullmatch(route.phone):
        yield Finding(model.COMPANY_FILE, "reporting.phone", "phone_format", {"value": route.phone})
    without = []
    for city in portfolio.sorted_cities():
        own = city.reporting
        if own is not None and own.phone.strip() and not PHONE.fullmatch(own.phone):
            yield Finding(_city_file(city, sources), "reporting.phone", "phone_format", {"value": own.phone})
        if not route.merged(own).phone.strip():
            without.append(city)
    if without:
        names = ", ".join(c.name or c.code for c in without)
        yield Finding(
            model.COMPANY_FILE,
            "reporting.phone",
            "missing_reporting_route",
            {"cities": names},
            blocks=tuple(c.code for c in without),
        )


def _number_checks(portfolio: model.Portfolio, catalog: "Catalog", today: dt.date) -> Iterator[Finding]:
    """A number printed for frightened people must be one someone has called lately (shared/domain.md §7)."""
    from wizard.schedule import add_months

    year_ago = add_months(today, -12)
    for n in catalog.numbers:
        check = portfolio.settings.number_checks.get(n.id)
        where = f"number_checks.{n.id}"
        if n.pilot:
            if check is not None and check.verified_on >= year_ago:  # printed: it may have closed since
                yield Finding(model.COMPANY_FILE, where, "pilot_number_printed", {"name": n.name.sv, "number": n.number}, "warning")
            continue
        if check is None or check.verified_on < year_ago:
            last = check.verified_on.isoformat() if check else ""
            code = "number_check_old" if check else "number_never_checked"
            yield Finding(model.COMPANY_FILE, where, code, {"name": n.name.sv, "number": n.number, "date": last}, "warning")
    for nid in portfolio.settings.number_checks:
        if catalog.number(nid) is None:
            yield Finding(model.COMPANY_FILE, f"number_checks.{nid}", "unknown_number", {"value": nid}, "warning")


def _stale_signs(
    portfolio: model.Portfolio, catalog: "Catalog", sources: Mapping[str, str] | None, today: dt.date | None
) -> Iterator[Finding]:
    """Signs printed before a number, logo or step changed: the stairwells say something else than the plan."""
    printed = [c for c in portfolio.sorted_cities() if c.sign.printed]
    if not printed:
        return
    from wizard.documents.sign import stale_cities

    for city in stale_cities(portfolio, catalog, today or dt.date.today(), printed):
        yield Finding(_city_file(city, sources), "sign.printed", "signs_out_of_date", {"city": city.name or city.code}, "warning")


def _translations(
    portfolio: model.Portfolio, catalog: "Catalog", sources: Mapping[str, str] | None, today: dt.date | None
) -> Iterator[Finding]:
    """A sign in a language beyond Swedish and English: say when its translation is unreviewed or has gaps."""
    others = [c for c in portfolio.sorted_cities() if any(lg not in LANGUAGES for lg in c.sign.languages)]  # = translations.OWN
    if not others:
        return
    from wizard import translations
    from wizard.catalog import Text
    from wizard.documents.view import PortfolioView

    view = PortfolioView(portfolio, "sv", today or dt.date.today(), catalog=catalog)
    for city in others:
        f = _city_file(city, sources)
        blocks = {b["lang"]: b for b in view.sign_languages(city)}
        swedish = view.sign_languages_in(city, "sv")
        for lang, block in blocks.items():
            if lang in translations.OWN:
                continue
            language = catalog.language(lang)
            name = Text(language.name.sv.lower(), language.name.en) if language else Text(lang, lang)
            where = {"city": city.name or city.code, "language": name}
            if not translations.reviewed(lang):
                yield Finding(f, "sign.languages", "translation_unreviewed", where, "warning")
            same = _untranslated(block, swedish)
            if same:
                params = {**where, "n": len(same), "first": same[0]}
                yield Finding(f, "sign.languages", "translation_missing", params, "warning")


def _untranslated(block: dict[str, Any], swedish: dict[str, Any]) -> list[str]:
    """The lines of a sign block that are still the Swedish words (not names, numbers or the company's own texts)."""
    from wizard.translations import missing

    keys = ("question", "acute", "also", "adaptation", "report")
    lines = [swedish[k] for k in keys if swedish[k] and block[k] == swedish[k]]
    lines += [s for s, o in zip(swedish["steps"], block["steps"]) if s == o]
    return missing(block["lang"], lines)


def _city(city: model.City, f: str, catalog: "Catalog", today: dt.date | None) -> Iterator[Finding]:
    muni = catalog.municipalities.get(city.code)
    if muni is None:
        yield Finding(f, "code", "unknown_municipality", {"code": city.code})
    elif not PurePosixPath(f).name.startswith(f"{city.code}-"):
        yield Finding(f, "code", "code_file_mismatch", {"code": city.code, "name": muni.name})
    for name in ("apartments", "entrances", "signs_up", "wave"):
        value = getattr(city, name)
        if code := whole_number(value, maximum=MAX_COUNT):
            yield Finding(f, name, code, limits(value, MAX_COUNT))
    if code := DUTY_DAYS(city.duty_days_per_week):
        yield Finding(f, "duty_days_per_week", code, DUTY_DAYS.params(city.duty_days_per_week))
    if code := STAFF_HOURS(city.staff_hours_per_week):
        yield Finding(f, "staff_hours_per_week", code, STAFF_HOURS.params(city.staff_hours_per_week))
    if _numbers(city.signs_up, city.entrances) and city.signs_up > city.entrances:
        yield Finding(f, "signs_up", "signs_exceed_entrances", {"signs": city.signs_up, "entrances": city.entrances})

    yield from _training(city, f, catalog)

    kinds = {k.id for k in catalog.partner_kinds}
    expected = {k.id for k in catalog.partner_kinds if k.expected}
    areas = list(dict.fromkeys(b.area for b in city.buildings if b.area))
    for i, p in enumerate(city.partners):
        where = f"partners[{i}]"
        if p.area and p.area not in areas:
            yield _unknown_area(f, f"{where}.area", p.area, areas, city.code)
        if p.kind not in kinds:
            yield Finding(f, f"{where}.kind", "unknown_partner_kind", {"value": p.kind})
        if not p.organisation.strip():
            yield Finding(f, f"{where}.organisation", "partner_without_organisation")
        if not p.phone.strip() and p.kind in expected:
            yield Finding(f, f"{where}.phone", "partner_without_phone", {"organisation": p.organisation}, "warning")
        elif p.phone.strip() and not PHONE.fullmatch(p.phone):
            yield Finding(f, f"{where}.phone", "phone_format", {"value": p.phone})
        if email(p.email):
            yield Finding(f, f"{where}.email", "email_format", {"value": p.email}, "warning")  # not printed: a warning
        if today and p.last_contact and p.last_contact > today:
            yield Finding(f, f"{where}.last_contact", "date_in_future", {"value": p.last_contact.isoformat()})
        yield from _too_early(f, f"{where}.last_contact", p.last_contact)

    for i, logo in enumerate(city.sign.logos):
        pure = PurePosixPath(logo.replace("\\", "/"))
        if pure.is_absolute() or ".." in pure.parts or (pure.parts and pure.parts[0] != model.LOGOS_DIR):
            yield Finding(f, f"sign.logos[{i}]", "logo_outside_portfolio", {"value": logo})
        elif not _permitted(city.sign.permissions.get(logo)):
            yield Finding(f, "sign.permissions", "logo_without_permission", {"value": logo}, "warning")
    adapted = city.progress.get("adapt_sign")
    if adapted is not None and adapted.status == "done" and not city.sign.logos:
        yield Finding(f, "sign.logos", "sign_without_logo", {"city": city.name or city.code}, "warning")
    known = [lg.id for lg in catalog.languages]
    for i, lang in enumerate(city.sign.languages):
        if lang not in known:
            yield Finding(f, f"sign.languages[{i}]", "unknown_language", {"value": lang, "allowed": ", ".join(known)})

    for quarter, count in city.reports.items():
        if not parse.is_quarter(quarter):
            yield Finding(f, f"reports.{quarter}", "quarter_format", {"value": quarter})
        if code := whole_number(count, maximum=MAX_COUNT):
            yield Finding(f, f"reports.{quarter}", code, limits(count, MAX_COUNT))
    for quarter, handled in city.handled_in_time.items():
        where = f"handled_in_time.{quarter}"
        if not parse.is_quarter(quarter):
            yield Finding(f, where, "quarter_format", {"value": quarter})
        if code := handled_in_time(handled, city.reports.get(quarter)):
            yield Finding(f, where, code, {**limits(handled, MAX_COUNT), "reports": city.reports.get(quarter, 0), "quarter": quarter})
    questions = [q.id for q in catalog.questions]
    for i, recorded in enumerate(city.surveys):
        for place, code, params in survey(recorded, today, questions):
            yield Finding(f, f"surveys[{i}].{place}", code, params)
    for cadence_id, day in city.follow_ups.items():
        if code := follow_up(cadence_id, day, today, catalog):
            yield Finding(f, f"follow_ups.{cadence_id}", code, {"value": day.isoformat() if code == "date_in_future" else cadence_id})

    yield from _progress(f, city.progress, catalog, "city", today)
    placed, informed = city.progress.get("place_signs"), city.progress.get("inform_tenants")
    missing = _numbers(city.signs_up, city.entrances) and city.signs_up < city.entrances
    if missing and placed and placed.status == "done":
        # The police pilot counted Huskurage as introduced only with the sign in every entrance.
        yield Finding(f, "progress.place_signs", "signs_done_not_all_up", {"signs": city.signs_up, "entrances": city.entrances}, "warning")
    if informed and informed.status in ("doing", "done") and informed.date:
        if placed is None or placed.status != "done" or placed.date is None:
            yield Finding(f, "progress.inform_tenants", "tenants_informed_before_signs", {"date": informed.date.isoformat()})
        elif informed.date < placed.date:
            yield Finding(
                f,
                "progress.inform_tenants.date",
                "tenants_informed_before_signs_date",
                {"informed": informed.date.isoformat(), "placed": placed.date.isoformat()},
            )
        elif missing:
            yield Finding(f, "progress.inform_tenants", "tenants_informed_signs_missing", {"signs": city.signs_up, "entrances": city.entrances})
    yield from _history(f, city.history)


def _permitted(permission: "model.LogoPermission | None") -> bool:
    return permission is not None and bool(permission.approved_by.strip()) and permission.approved_on is not None


def _unknown_area(f: str, where: str, area: str, areas: list[str], code: str) -> Finding:
    """A partner's area that none of the municipality's buildings is in: its sign would hang nowhere (a typo?).

    Holds back the municipality's signs and letters only, not the whole export.
    """
    return Finding(f, where, "unknown_partner_area", {"value": area, "areas": ", ".join(areas) or "–"}, blocks=(code,))


def _buildings(city: model.City, f: str, today: dt.date | None) -> Iterator[Finding]:
    """The buildings file: every building an id of its own, every entrance a label of its own, counts and dates right."""
    seen: set[str] = set()
    for i, b in enumerate(city.buildings):
        where = f"buildings[{i}]"
        if not b.id.strip():
            yield Finding(f, f"{where}.id", "building_without_id")
        elif b.id in seen:
            yield Finding(f, f"{where}.id", "duplicate_building", {"value": b.id})
        seen.add(b.id)
        labels: set[str] = set()
        for j, e in enumerate(b.entrances):
            at = f"{where}.entrances[{j}]"
            if e.label in labels:
                yield Finding(f, f"{at}.label", "duplicate_entrance", {"building": b.id, "value": e.label or "—"})
            labels.add(e.label)
            if code := whole_number(e.apartments, maximum=MAX_COUNT):
                yield Finding(f, f"{at}.apartments", code, {"value": e.apartments})
            for name in ("sign_placed", "inspected", "letter_delivered"):
                day = getattr(e, name)
                if today is not None and day is not None and day > today:
                    yield Finding(f, f"{at}.{name}", "date_in_future", {"value": day.isoformat()})
    for path, hits in privacy.scan_stock(city.buildings):
        yield Finding(f, path, CASE_DATA, {"found": privacy.Found(hits)})


CASE_DATA = "case_data"  # the code of a case-data finding, which no --force lets through an export


def case_data(file: str, part: model.Settings | model.City) -> Iterator[Finding]:
    """A finding for every text in the company settings or a city that looks like case data (:mod:`wizard.privacy`)."""
    for path, hits in privacy.scan(part):
        yield Finding(file, path, CASE_DATA, {"found": privacy.Found(hits)})


def _numbers(*values: Any) -> bool:
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)


def _progress(
    f: str, progress: dict[str, model.ProgressEntry], catalog: "Catalog", level: str, today: dt.date | None
) -> Iterator[Finding]:
    items = {i.id: i for i in catalog.items()}
    for item_id, entry in progress.items():
        where = f"progress.{item_id}"
        item = items.get(item_id)
        if item is None:
            yield Finding(f, where, "unknown_item", {"value": item_id})
        elif item.level != level:
            yield Finding(f, where, "item_wrong_level", {"value": item_id})
        if entry.status not in model.STATUSES:
            yield Finding(f, f"{where}.status", "unknown_status", {"value": entry.status, "allowed": ", ".join(model.STATUSES)})
        elif entry.status == "done" and entry.date is None:
            yield Finding(f, f"{where}.date", "done_without_date", severity="warning")
        if entry.date and (code := not_in_future(entry.date, today)):
            yield Finding(f, f"{where}.date", code, {"value": entry.date.isoformat()})
        yield from _too_early(f, f"{where}.date", entry.date)


EARLIEST = dt.date(2000, 1, 1)
"""Huskurage began in 2013: a date before this one is a typo (year 1 is a valid TOML date, not a valid step)."""


def _too_early(f: str, where: str, value: dt.date | None) -> Iterator[Finding]:
    if value is not None and value < EARLIEST:
        yield Finding(f, where, "date_too_early", {"value": value.isoformat(), "earliest": EARLIEST.isoformat()})


def _history(f: str, history: list[model.HistoryEntry]) -> Iterator[Finding]:
    for i, entry in enumerate(history):
        if entry.day < EARLIEST:  # (the place is written out for the rare row that is)
            yield from _too_early(f, f"history[{i}].at", entry.day)
    instants = [model.instant(entry.at) for entry in history]  # once per row, not once per neighbour
    for i in range(1, len(history)):
        if instants[i] < instants[i - 1]:
            yield Finding(
                f,
                f"history[{i}].at",
                "history_out_of_order",
                {"value": str(history[i].at), "previous": str(history[i - 1].at)},
            )
            break
