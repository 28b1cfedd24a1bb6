"""The shared view of a portfolio: what every document reads, computed once per export.

:class:`PortfolioView` wraps the model for one export (the language, the
date, the selected cities, the open findings) and gives the documents what
they show rather than what is stored: names looked up in the catalog,
numbers formatted, the schedule's events, a :class:`CityView` per city, the
sign's numbers and advice. Small read-only rows (:class:`PartnerRow`,
:class:`NumberRow`, :class:`TrainingRow`) keep logic out of the templates.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import cached_property, partial
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from wizard import __version__, model
from wizard.documents.formatting import fmt_number, fmt_share, fmt_weekday_date
from wizard.documents.logos import Logos
from wizard.i18n import t
from wizard.parse import is_count

if TYPE_CHECKING:
    from wizard.catalog import Catalog
    from wizard.model import City, Portfolio
    from wizard.schedule import Event
    from wizard.sizing import CitySizing, PortfolioSizing


@dataclass(frozen=True)
class PartnerRow:
    kind: str
    kind_name: str
    organisation: str
    phone: str
    hours: str
    last_contact: dt.date | None


@dataclass(frozen=True)
class NumberRow:
    label: str
    sublabel: str
    number: str
    hours: str


@dataclass(frozen=True)
class ReferralRow:
    """One line of a municipality's "which number, when" table in the action plan."""

    when: str  # the time of day, on the first row of its group only
    name: str
    number: str
    hours: str
    missing: bool = False  # no partner registered for this time of day


@dataclass(frozen=True)
class TrainingRow:
    role: str
    target: str
    staff: str
    trained: str
    share: str
    meets: bool | None  # None: no target or no staff


@dataclass
class CityView:
    city: "City"
    code: str
    name: str
    stem: str  # <code>-<slug>, the file name without extension
    wave: str
    partners: list[PartnerRow]
    missing_kinds: list[str]
    sizing: "CitySizing | None"
    verdict: str
    warning: str
    training: list[TrainingRow]
    tenant_commitment: str  # what the landlord may promise tenants here; "" when nothing can be kept
    languages: list[str]
    overdue: list["Event"] = field(default_factory=list)
    referrals: list[ReferralRow] = field(default_factory=list)


def in_language(swedish: Sequence[str], english: Sequence[str], lang: str) -> list[str]:
    """A company's own lines in ``lang``: the English where it wrote one for that line, else the Swedish.

    Lines are paired by position; a blank Swedish line is left out (with its English).
    """
    out = []
    for i, sv in enumerate(swedish):
        if not sv.strip():
            continue
        en = english[i] if lang == "en" and i < len(english) else ""
        out.append(en.strip() or sv)
    return out


def _hours(partner: "model.Partner", lang: str) -> str:
    return (partner.hours_en if lang == "en" else "") or partner.hours


_GROUP_SPACE = re.compile(r"(?<=\d) (?=\d)")


_NUMBER = re.compile(r"\d[\d\u00a0 \-–]*\d|\d")
LRI, PDI = "\u2066", "\u2069"  # left-to-right isolate: a number keeps its order inside right-to-left text


class Isolated(str):
    """Right-to-left text whose numbers this module isolated left to right (U+2066 … U+2069).

    Every other character has already passed :func:`wizard.terminal.inert`, so
    the HTML environment lets it keep those isolates (``html_finalize`` strips
    bidi controls only from plain ``str`` values; autoescape still escapes it).
    """


def keep_numbers(text: str, rtl: bool = False) -> str:
    """A phone number is not broken between its groups: "114 14" is joined by a no-break space.

    In right-to-left text (Arabic, Persian) each number is also isolated left to
    right, or "114 14" would read "14 114" and "020-50 50 50" "50 50 50-020";
    the text around the numbers is made inert first (an :class:`Isolated`).
    """
    from wizard.terminal import inert

    joined = _GROUP_SPACE.sub("\u00a0", text)
    if not rtl:
        return Isolated(joined) if isinstance(text, Isolated) else joined
    parts, last = [], 0
    for m in _NUMBER.finditer(joined):
        parts += [inert(joined[last : m.start()]), LRI, m.group(), PDI]
        last = m.end()
    return Isolated("".join(parts) + inert(joined[last:]))


def _digits(number: str) -> str:
    return re.sub(r"\D", "", number)


class PortfolioView:
    """Everything the documents of one export share, computed once.

    Built once per export (or per preview): the selected cities, the catalog
    looked up by id, texts, the sizing, the schedule's events and what each
    document says about an event, a :class:`CityView` per city, the numbers
    and advice of the signs and tenant letters, and the :class:`Logos` read.
    """

    def __init__(
        self,
        portfolio: "Portfolio",
        lang: str,
        today: dt.date,
        *,
        catalog: "Catalog | None" = None,
        cities: Sequence[str] | None = None,
        findings: Sequence[Any] = (),
        horizon_months: int = 24,
        logos: Logos | None = None,
        held: Iterable[str] = (),
        report_year: int | None = None,
        with_history: bool = False,
    ) -> None:
        from wizard import catalog as catalog_module

        self.full = portfolio
        self.with_history = with_history  # the dated rows of changes: only when asked for (DESIGN.md, Privacy)
        self.lang = lang
        self.today = today
        self.catalog = catalog or catalog_module.load()
        self.horizon = horizon_months
        self.report_year = report_year  # the yearly report's year, when one is asked for
        self.findings = list(findings)
        self.held = frozenset(held)  # kommunkoder whose signs and letters an open error holds back
        self.logos = logos if logos is not None else Logos(None, None)
        self.selected = list(cities) if cities is not None else None
        if cities is None:
            self.portfolio = portfolio
        else:
            wanted = set(cities)
            self.portfolio = model.Portfolio(
                settings=portfolio.settings,
                cities={code: c for code, c in portfolio.cities.items() if code in wanted},
            )
        self.settings = portfolio.settings
        cat = self.catalog
        self.kinds = {k.id: k for k in cat.partner_kinds}
        self.roles = {r.id: r for r in cat.roles}
        self.commitments = {c.id: c for c in cat.commitments}
        self.variants = {v.id: v for v in cat.advice}
        self._sizing: "PortfolioSizing | None" = None
        self._events: list["Event"] | None = None
        self._views: dict[tuple[str, str], CityView] = {}  # (code, sign area)
        self._rows: dict[str, dict[str, Any]] = {}
        self._overdue: dict[str | None, list["Event"]] = {}
        self._texts: dict[tuple[str, str], str] = {}
        self._sign_numbers: dict[tuple[str, str, str], tuple[list[NumberRow], list[NumberRow]]] = {}  # (code, area, lang)
        self._advice: dict[str, tuple[list[str], str, str]] = {}
        self._national: dict[tuple[str, frozenset[str]], list[NumberRow]] = {}
        self._once: dict[str, Any] = {}

    # -- shared pieces ------------------------------------------------

    def t(self, key: str, lang: str | None = None, /, **params: Any) -> str:
        if params:
            return t(f"exports.{key}", lang or self.lang, **params)
        k = (key, lang or self.lang)
        text = self._texts.get(k)
        if text is None:
            text = self._texts[k] = t(f"exports.{key}", k[1])
        return text

    def once(self, key: str, make: Any) -> Any:
        """``make()``, computed once per export: what several forms of one document share (the report's figures)."""
        if key not in self._once:
            self._once[key] = make()
        return self._once[key]

    def texts(self, area: str) -> Any:
        """``t`` for a template whose words live in ``strings/<area>.toml``, in the export's language."""
        from wizard.i18n import t as lookup

        return lambda key, **params: lookup(f"{area}.{key}", self.lang, **params)

    def city_name(self, city: "City") -> str:
        muni = self.catalog.municipalities.get(city.code)
        return muni.name if muni else (city.name or city.code)

    def commitment_name(self, cid: str | None, lang: str | None = None) -> str:
        c = self.commitments.get(cid or "")
        return c.name(lang or self.lang) if c else (cid or "–")

    @property
    def sizing(self) -> "PortfolioSizing":
        if self._sizing is None:
            from wizard.sizing import size_portfolio

            self._sizing = size_portfolio(self.portfolio, self.catalog.commitments)
        return self._sizing

    @cached_property
    def city_sizing(self) -> dict[str, "CitySizing"]:
        """The sizing of each city by code (the first, should a code come twice)."""
        out: dict[str, "CitySizing"] = {}
        for s in self.sizing.cities:
            out.setdefault(s.code, s)
        return out

    @property
    def events(self) -> list["Event"]:
        """The schedule plus every follow-up already overdue, deduplicated by uid, in date order."""
        if self._events is None:
            from wizard import schedule

            out = schedule.events(self.portfolio, self.catalog.cadences, self.today, self.horizon)
            seen = {e.uid for e in out}
            late = self.overdue(None) + [e for c in self.portfolio.sorted_cities() for e in self.overdue(c)]
            for e in late:
                if e.uid not in seen:
                    seen.add(e.uid)
                    out.append(_moved(e, schedule.on_or_after_working_day(self.today)))
            out += self.reprints()
            out.sort(key=lambda e: e.sort_key)
            self._events = out
        return self._events

    def reprints(self) -> list["Event"]:
        """A "reprint the signs" event, on the first working day from today, for each city whose printed signs went stale."""
        from wizard import schedule
        from wizard.catalog import Cadence, Text

        printed = [c for c in self.portfolio.sorted_cities() if c.sign.printed]
        if not printed:
            return []
        texts = {key: Text(t(f"exports.reprint.{key}", "sv"), t(f"exports.reprint.{key}", "en")) for key in ("title", "help")}
        cadence = Cadence("reprint_signs", "city", 1, "security_manager", texts["title"], texts["help"], "print_signs")
        day = schedule.on_or_after_working_day(self.today)
        return [
            schedule.Event(day, cadence, c.code, self.city_name(c), day, f"reprint-signs-{c.code}-{c.sign.printed}@huskurage")
            for c in PortfolioView(self.full, "sv", self.today, catalog=self.catalog).stale_signs(printed)
        ]

    def overdue(self, city: "City | None") -> list["Event"]:
        key = city.code if city is not None else None
        if key not in self._overdue:
            from wizard import schedule

            surveyed = schedule.last_survey(self.portfolio) if city is None else None
            self._overdue[key] = schedule.overdue(city, self.settings, self.catalog.cadences, self.today, surveyed)
        return self._overdue[key]

    def advice(self, lang: str) -> tuple[list[str], str, str]:
        """(steps, acute line, variant name) as the sign shows them in ``lang``."""
        if lang not in self._advice:
            self._advice[lang] = self._make_advice(lang)
        steps, acute, name = self._advice[lang]
        return list(steps), acute, name

    def advice_frame(self, lang: str) -> tuple[str, str, str]:
        """(question above the steps, the line beside the red box, the company's reason) in ``lang``, as staff papers print them."""
        a = self.settings.advice
        variant = self.variants.get(a.variant)
        question = variant.question(lang) if variant else self.t("sign.question", lang)
        also = variant.also(lang) if variant and variant.also_number else ""
        return question, also, (a.reason_en if lang == "en" else "") or a.reason

    def _make_advice(self, lang: str) -> tuple[list[str], str, str]:
        a = self.settings.advice
        variant = self.variants.get(a.variant)
        if variant is None or not variant.steps:
            steps = in_language(a.custom_steps, a.custom_steps_en, lang)
        else:
            steps = [s(lang) for s in variant.steps]
        if a.child_concern:
            steps.append(self.catalog.child_concern(lang))
        if a.tell_us:
            steps.append(self.catalog.tell_us(lang))
        acute = variant.acute(lang) if variant else ""
        name = variant.name(lang) if variant else a.variant
        return steps, acute, name

    # -- the reporting route and the numbers' checks ------------------

    def reporting(self, city: "City") -> model.ReportingRoute | None:
        """How this city's tenants tell the landlord (the company's route, with the city's own fields); None without a phone."""
        route = self.settings.reporting.merged(city.reporting)
        return route if route.phone.strip() else None

    def report_line(self, city: "City", lang: str) -> str:
        """ "Berätta för oss: 08-46 500 400, vardagar 08–16, www…. Vi agerar senast nästa arbetsdag." ("" without a route)."""
        route = self.reporting(city)
        if route is None:
            return ""
        hours = (route.hours_en if lang == "en" else "") or route.hours
        how = ", ".join(x.strip() for x in (route.phone, hours, route.web) if x.strip())
        rtl = self.direction(lang) == "rtl"
        if rtl:  # the company's own left-to-right words, kept in their order
            from wizard.terminal import inert

            how = LRI + inert(keep_numbers(how)) + PDI
        line = self.t("sign.report", lang, how=how)
        commitment = self.city_view(city).tenant_commitment
        if commitment:
            line += " " + self.t("sign.report_promise", lang, commitment=self.commitment_name(commitment, lang))
        return Isolated(line) if rtl else line

    def number_checked(self, number: Any) -> dt.date | None:
        """The date someone last really checked a national number (``huskurage numbers --verified-on``); None: never."""
        check = self.settings.number_checks.get(number.id)
        return check.verified_on if check else None

    def printable(self, number: Any) -> bool:
        """A pilot line goes on a sign only when checked in the last 12 months: it may have closed."""
        if not number.pilot:
            return True
        checked = self.number_checked(number)
        return checked is not None and checked >= _months_before(self.today, 12)

    def national_numbers(self, lang: str, skip: Iterable[str] = ()) -> list[NumberRow]:
        skipped = frozenset(_digits(n) for n in skip)
        key = (lang, skipped)
        if key not in self._national:
            self._national[key] = self._make_national(lang, skipped)
        return self._national[key]

    def _make_national(self, lang: str, skipped: frozenset[str]) -> list[NumberRow]:
        return [
            NumberRow(n.name(lang), "", n.number, n.hours(lang))
            for n in self.catalog.numbers
            if _digits(n.number) not in skipped and self.printable(n)
        ]

    def referral_numbers(self, ids: Sequence[str]) -> list[NumberRow]:
        """Where to refer someone, for the whole company: national numbers with their hours, local partners by kind.

        ``ids`` are national number ids (numbers.toml) and partner kind ids; a
        kind's number differs per municipality, so it points to the tables there.
        """
        rows = []
        for ref in ids:
            national = self.catalog.number(ref)
            if national is not None:
                rows.append(NumberRow(national.name(self.lang), "", national.number, national.hours(self.lang)))
            elif ref in self.kinds:
                rows.append(NumberRow(self.kinds[ref].name(self.lang), "", self._local_number(ref), ""))
        return rows

    def _local_number(self, kind: str) -> str:
        """Where a kind's local number is: section 9, and which municipalities have one when not all do."""
        cities = self.portfolio.sorted_cities()
        having = [self.city_name(c) for c in cities if any(p.kind == kind for p in c.partners)]
        if len(having) == len(cities):
            return self.t("plan.local_number")
        if not having:
            return self.t("plan.local_number_none")
        if len(having) <= 3:
            return self.t("plan.local_number_some", which=", ".join(having))
        return self.t("plan.local_number_some", which=self.t("plan.local_number_count", n=len(having), total=len(cities)))

    def number(self, digits: str) -> Any:
        return next((n for n in self.catalog.numbers if _digits(n.number) == digits), None)

    def banner(self, lang: str | None = None) -> list[str]:
        """Lines to put on top of every document when exported with open findings."""
        if not self.findings:
            return []
        lang = lang or self.lang
        lines = [self.t("common.findings_banner", lang, n=len(self.findings))]
        for f in self.findings[:10]:
            message = f.message(lang) if hasattr(f, "message") and callable(f.message) else str(f)
            where = getattr(f, "location", "")
            lines.append(f"{where}: {message}" if where else message)
        if len(self.findings) > 10:
            lines.append(self.t("common.findings_more", lang, n=len(self.findings) - 10))
        return lines

    def common(self, lang: str | None = None) -> dict[str, Any]:
        lang = lang or self.lang
        return {
            "lang": lang,
            "t": partial(self.t),
            "L": lang,
            "company": self.settings.company.name or "–",
            "today": self.today,
            "version_line": self.t("common.version_line", lang, version=__version__, date=self.today.isoformat()),
            "banner": self.banner(lang),
            "selection": (
                self.t("common.selection", lang, names=", ".join(self.city_name(c) for c in self.portfolio.sorted_cities()))
                if self.selected is not None
                else ""
            ),
            "num": lambda v, d=0: fmt_number(v, lang, d),
            "share": lambda v: fmt_share(v, lang),
            "wdate": lambda d: fmt_weekday_date(d, lang),
        }

    # -- per city -----------------------------------------------------

    def stem(self, city: "City") -> str:
        """``<code>-<slug>``: the file name of the city's sign and tenant letter, without extension.

        An area's own sign and letter (:meth:`sign_places`): ``<code>-<slug>-<area slug>``.
        """
        stem = f"{city.code}-{model.slug(self.city_name(city)) or 'kommun'}"
        if city.sign_area:
            stem += f"-{model.slug(city.sign_area) or 'omrade'}"
        return stem

    def sign_places(self, city: "City") -> list["City"]:
        """The signs and letters one municipality gets: its own, then one per area with partners of its own.

        A building in an area without partners of its own gets the municipality's sign.
        """
        return [city, *(city.for_area(area) for area in city.sign_areas())]

    def place_name(self, city: "City") -> str:
        """The municipality's name, or "Luthagen, Uppsala" on an area's own sign and letter."""
        name = self.city_name(city)
        return self.t("common.area_city", area=city.sign_area, city=name) if city.sign_area else name

    def city_view(self, city: "City") -> CityView:
        if (city.code, city.sign_area) in self._views:
            return self._views[(city.code, city.sign_area)]
        from wizard.sizing import verdict

        lang = self.lang
        name = self.place_name(city)
        partners = [
            PartnerRow(
                kind=p.kind,
                kind_name=self.kinds[p.kind].name(lang) if p.kind in self.kinds else p.kind,
                organisation=self.t("plan.partner_in_area", organisation=p.organisation or "–", area=p.area) if p.area else p.organisation,
                phone=p.phone,
                hours=_hours(p, lang),
                last_contact=p.last_contact,
            )
            for p in city.partners
        ]
        have = {p.kind for p in city.partners}
        missing = [k.name(lang) for k in self.catalog.partner_kinds if k.expected and k.id not in have]
        sizing = self.city_sizing.get(city.code)
        warning = ""
        tenant_commitment = ""
        if sizing is not None:
            from wizard.sizing import caveats

            commitments = self.catalog.commitments
            wanted = self.commitments.get(sizing.wanted)
            keepable = self.commitments.get(sizing.keepable or "")
            if sizing.warning and keepable is not None:
                warning = self.t(
                    "plan.warning",
                    supported=keepable.name(lang),
                    wanted=self.commitment_name(sizing.wanted),
                    city=name,
                )
            elif sizing.keepable is None:
                slowest = max(commitments, key=lambda c: c.working_days, default=None)
                warning = self.t("plan.supported_none", slowest=slowest.name(lang) if slowest else "–")
            # Never promise tenants more than the staff can keep.
            if keepable is not None:
                promise = keepable if wanted is None or keepable.working_days > wanted.working_days else wanted
                tenant_commitment = promise.id
            verdict_text = verdict(sizing, commitments, lang, caveats(city, self.settings, self.catalog), self.lower_name)
        else:
            verdict_text = ""
        view = CityView(
            city=city,
            code=city.code,
            name=name,
            stem=self.stem(city),
            wave=self.wave(city.wave),
            partners=partners,
            missing_kinds=missing,
            sizing=sizing,
            verdict=verdict_text,
            warning=warning,
            training=self.training_rows({r: (tr.staff, tr.trained) for r, tr in city.training.items()}),
            tenant_commitment=tenant_commitment,
            languages=_languages(city.sign.languages, {lg.id for lg in self.catalog.languages}),
            overdue=self.overdue(city),
            referrals=self._referrals(city),
        )
        self._views[(city.code, city.sign_area)] = view
        return view

    def lower_name(self, kind_or_role: str) -> str:
        """A partner kind's or role's name as it reads inside a sentence: ``Störningsjour`` -> ``störningsjour``."""
        from wizard.sizing import name_in_sentence

        return name_in_sentence(self.catalog, kind_or_role, self.lang)

    def _referrals(self, city: "City") -> list[ReferralRow]:
        """Which number to refer a caller to, by time of day: 112, then the partners by their ``reach``.

        The partners' own hours are printed beside them. A time of day with no
        partner registered says so; without a local police partner the
        national non-emergency number 114 14 stands in.
        """
        from wizard.catalog import REACHES

        emergency = self.number("112")
        rows = [ReferralRow(self.t("plan.when.now"), emergency.name(self.lang) if emergency else "112", "112", emergency.hours(self.lang) if emergency else "")]
        for reach in REACHES:
            group: list[ReferralRow] = []
            for kind in (k for k in self.catalog.partner_kinds if k.reach == reach):
                group += [
                    ReferralRow("", p.organisation or kind.name(self.lang), p.phone or "–", _hours(p, self.lang) or "–")
                    for p in city.partners
                    if p.kind == kind.id
                ]
            if reach == "any_time" and not any(p.kind == "police" for p in city.partners):
                police = self.number("11414")
                if police is not None:
                    group.append(ReferralRow("", police.name(self.lang), police.number, police.hours(self.lang)))
            if reach == "after_hours" and not group:
                group.append(ReferralRow("", self.t("plan.when.none_after_hours"), "–", "–", missing=True))
            if group:
                group[0] = replace(group[0], when=self.t(f"plan.when.{reach}"))
            rows += group
        return rows

    def wave(self, wave: Any) -> str:
        if wave == 0:
            return self.t("common.pilot")
        return self.t("common.wave", n=wave)

    def training_rows(self, counts: dict[str, tuple[Any, Any]]) -> list[TrainingRow]:
        targets = self.settings.action_plan.training_targets
        role_ids = [r.id for r in self.catalog.roles]
        role_ids += sorted((set(counts) | set(targets)) - set(role_ids))
        rows = []
        for rid in role_ids:
            if rid not in counts and rid not in targets:
                continue
            staff, trained = counts.get(rid, (0, 0))
            staff = staff if is_count(staff) else 0
            trained = trained if is_count(trained) else 0
            target = targets.get(rid)
            share = trained / staff if staff else None
            meets = None if target is None or share is None else share * 100 >= target - 1e-9
            rows.append(
                TrainingRow(
                    role=self.roles[rid].name(self.lang) if rid in self.roles else rid,
                    target=fmt_share(target / 100, self.lang) if is_count(target) else "–",
                    staff=fmt_number(staff, self.lang) if rid in counts else "–",
                    trained=fmt_number(trained, self.lang) if rid in counts else "–",
                    share=fmt_share(share, self.lang) if share is not None else "–",
                    meets=meets,
                )
            )
        return rows

    def sign_fingerprint(self, city: "City") -> str:
        """What the city's printed sign says, as a short hash: every line, number, logo and language on it.

        Recorded when ``print_signs`` is marked done (``City.sign.printed``); when
        it no longer matches, the signs on the walls say something the plan does
        not (a number, a logo or a step changed) and must be reprinted. A logo is
        known by its path: a new picture under the same name is not noticed.
        """
        import hashlib
        import json
        from dataclasses import astuple

        content = {
            "languages": self.city_view(city).languages,
            "logos": list(city.sign.logos),
            "extra": [x for x in city.sign.extra_lines if x.strip()] + [x for x in city.sign.extra_lines_en if x.strip()],
            "blocks": [
                {k: ([astuple(r) for r in v] if k in ("local", "national") else v) for k, v in block.items()}
                for block in self.sign_languages(city)
            ],
        }
        text = json.dumps(content, ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    def stale_signs(self, cities: Iterable["City"]) -> list["City"]:
        """The cities among ``cities`` whose printed sign no longer says what the plan says (a view in Swedish over the whole portfolio)."""
        return [c for c in cities if c.sign.printed and (c.sign.printed != self.sign_fingerprint(c) or self._stale_area_sign(c))]

    def _stale_area_sign(self, city: "City") -> bool:
        """Whether an area's own sign, as printed, no longer says what the plan says for that area."""
        areas = city.sign_areas()
        return any(mark != self.sign_fingerprint(city.for_area(area)) for area, mark in city.sign.printed_areas.items() if area in areas)

    def sign_languages(self, city: "City") -> list[dict[str, Any]]:
        """What the sign and the tenant letter say in each of the city's sign languages, first language first.

        Per language: ``lang``, the advice ``steps`` and ``acute`` line, the
        ``local`` and ``national`` numbers (:meth:`advice`, :meth:`sign_numbers`).
        """
        return [self._block(city, lg) for lg in self.city_view(city).languages]

    def _block(self, city: "City", lg: str) -> dict[str, Any]:
        variant = self.variants.get(self.settings.advice.variant)
        company = self.settings.company.name or "–"
        steps, acute, _ = self.advice(lg)
        local, national = self.sign_numbers(city, lg)
        rtl = self.direction(lg) == "rtl"
        return {
            "lang": lg,
            "question": variant.question(lg) if variant else self.t("sign.question", lg),
            "steps": [keep_numbers(s, rtl) for s in steps],
            "acute": keep_numbers(acute, rtl),
            "also": keep_numbers(variant.also(lg), rtl) if variant and variant.also_number else "",
            "adaptation": self.t("sign.adaptation", lg, company=company) if variant and variant.adaptation else "",
            "report": keep_numbers(self.report_line(city, lg)),
            "extra": in_language(city.sign.extra_lines, city.sign.extra_lines_en, lg),
            "local": local,
            "national": national,
        }

    def sign_languages_in(self, city: "City", lang: str) -> dict[str, Any]:
        """The sign's block in ``lang`` whatever the city's sign languages are (to compare a translation with)."""
        return self._block(city, lang)

    @property
    def also_number(self) -> str:
        """The second number in the sign's red box ("" when the advice has none)."""
        variant = self.variants.get(self.settings.advice.variant)
        return variant.also_number if variant else ""

    def direction(self, lang: str) -> str:
        """``rtl`` for a language written right to left (``checklists/languages.toml``), else ``ltr``."""
        language = self.catalog.language(lang)
        return language.direction if language else "ltr"

    def html_lang(self, lang: str) -> str:
        """The BCP 47 tag of a sign language for HTML and PDF: lättläst svenska is ``sv``."""
        language = self.catalog.language(lang)
        return language.lang if language else lang

    def print_id(self, city: "City", kind: str, lang: str) -> str:
        """What identifies a tenant-facing paper: "Skylt 0180 · 2026-12-02", not the software that made it."""
        code = f"{city.code} {city.sign_area}" if city.sign_area else city.code
        return self.t(f"common.print_id_{kind}", lang, code=code, date=self.today.isoformat())

    def sign_numbers(self, city: "City", lang: str) -> tuple[list[NumberRow], list[NumberRow]]:
        """(local, national) numbers for the sign and the tenant letter; 112 is shown on its own."""
        key = (city.code, city.sign_area, lang)
        if key not in self._sign_numbers:
            self._sign_numbers[key] = self._make_sign_numbers(city, lang)
        return self._sign_numbers[key]

    def _make_sign_numbers(self, city: "City", lang: str) -> tuple[list[NumberRow], list[NumberRow]]:
        local: list[NumberRow] = []
        shown = {"112"}
        has_police = False
        partners = city.sign_partners()
        for kind in self.catalog.sign_partner_kinds:  # partners.toml `sign`
            for p in partners:
                if p.kind != kind or not p.phone.strip():
                    continue
                has_police |= kind == "police"
                sub = self.kinds[kind].name(lang) if kind in self.kinds else kind
                if kind == "police" and _digits(p.phone) == "11414":  # for a tenant it is the police, not an emergency
                    local.append(NumberRow(self.t("sign.police_non_urgent", lang), p.organisation, p.phone, _hours(p, lang)))
                elif _digits(p.phone) == "112":  # reached through SOS Alarm: say whom to ask for
                    asked = self.t("sign.ask_for", lang, service=sub[:1].lower() + sub[1:])
                    local.append(NumberRow(p.organisation or sub, asked, p.phone, _hours(p, lang)))
                else:
                    local.append(NumberRow(p.organisation or sub, sub if p.organisation else "", p.phone, _hours(p, lang)))
                if kind == "police":
                    shown.add(_digits(p.phone))
        if not has_police:
            police = self.number("11414")
            local.insert(
                0,
                NumberRow(
                    self.t("sign.police_non_urgent", lang),
                    "",
                    police.number if police else "114 14",
                    police.hours(lang) if police else self.t("sign.police_hours", lang),
                ),
            )
            shown.add("11414")
        return local, self.national_numbers(lang, skip=shown)

    # -- per event --------------------------------------------------

    def event_row(self, e: "Event") -> dict[str, Any]:
        """What follow-up.md and the calendar say about one event (computed once per export)."""
        row = self._rows.get(e.uid)
        if row is None:
            row = self._rows[e.uid] = self._make_event_row(e)
        return row

    def _make_event_row(self, e: "Event") -> dict[str, Any]:
        from wizard import schedule

        lang = self.lang
        if e.overdue:
            # The due date every document shows: the working day the cadence's date moves to.
            note = self.t("follow.due_since", date=fmt_weekday_date(e.due, lang))
        elif e.moved_from:
            reason = schedule.non_working_reason(e.moved_from, lang) or ""
            note = t("schedule.moved", lang, date=fmt_weekday_date(e.moved_from, lang), reason=reason)
            note = note[:1].upper() + note[1:]
        else:
            note = ""
        return {
            "date": e.date,
            "what": e.title(lang),
            "help": e.what(lang),
            "where": e.city_name if e.city_code is not None else self.t("common.company_level"),
            "category": e.city_name if e.city_code is not None else (self.settings.company.name or self.t("common.company_level")),
            "who": self.roles[e.role].name(lang) if e.role in self.roles else e.role,
            "note": note,
            "overdue": e.overdue,
            "uid": e.uid,
        }


def _months_before(day: dt.date, months: int) -> dt.date:
    from wizard.schedule import add_months

    return add_months(day, -months)


def _moved(event: "Event", day: dt.date) -> "Event":
    return replace(event, date=max(event.date, day))


def _languages(langs: Sequence[str], known: set[str]) -> list[str]:
    out = [lg for lg in dict.fromkeys(langs) if lg in known]
    return out or ["sv"]
