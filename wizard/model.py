"""The portfolio as plain dataclasses: no I/O, no Textual.

A portfolio is one company file (``huskurage.toml``) and one file per
municipality (``cities/<code>-<slug>.toml``). ``*_from_dict`` turn what
``tomllib`` parsed into the model and raise :class:`SchemaError` (with the
place) when a value has the wrong type; ``*_to_dict`` give the plain dict the
store merges back into the file. Semantic checks (negative counts, dates out of
order, ...) are not done here but in :func:`validate`, which returns findings.

Privacy: nothing here may hold case data. Reports are counts per quarter
(and, beside them, how many of those were acted on within the commitment);
customer surveys are a share answering yes per question and a number of
respondents; training is counted per role; partners are organisations.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field, replace
from typing import Any, Iterable

SCHEMA = 1
STATUSES = ("todo", "doing", "done", "skipped")
COMPANY_FILE = "huskurage.toml"
CITIES_DIR = "cities"
# Where a municipality has buildings, these City fields are counted from its entrances, never typed.
COUNTED_FROM_BUILDINGS = ("apartments", "entrances", "signs_up")
BUILDINGS_FILE = "buildings.toml"  # cities/<code>-<slug>/buildings.toml: the municipality's buildings and entrances
LOGOS_DIR = "logos"
MAX_CADENCE_MONTHS = 120  # the longest follow-up interval that makes sense: ten years


class SchemaError(ValueError):
    """A value of the wrong type or shape; ``where`` is ``file: dotted.path``."""

    def __init__(self, where: str, code: str, **params: Any) -> None:
        super().__init__(f"{where}: {code} {params}")
        self.where = where
        self.code = code
        self.params = params


# --------------------------------------------------------------------- reading


_CODE = re.compile(r"[0-9]{4}")  # a kommunkod
_INT_MIN, _INT_MAX = -(2**63), 2**63 - 1  # TOML integers are 64-bit


# A count as a file holds it: whole once `huskurage check` passes, but a file may say 2.5 (validation flags it
# as not_whole; wizard.parse.stored_count cuts it for sums). Typed as what the loader really returns.
Count = int | float


class _Reader:
    """Typed access to one parsed table, naming the place of every problem."""

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, dict):
            raise SchemaError(where, "expected_table")
        self.data = data
        self.where = where

    def at(self, key: str) -> str:
        sep = "" if self.where.endswith(": ") else "."
        return f"{self.where}{sep}{key}"

    def _get(self, key: str, types: tuple[type, ...], kind: str, default: Any) -> Any:
        value = self.data.get(key, default)
        if value is None or value is default:
            return value
        if isinstance(value, bool) and bool not in types:
            raise SchemaError(self.at(key), "wrong_type", expected=kind)
        if not isinstance(value, types):
            raise SchemaError(self.at(key), "wrong_type", expected=kind)
        return value

    def text(self, key: str, default: str = "") -> str:
        value = self.data.get(key, default)
        if type(value) is str:  # the common case first: 6,000 entrances' labels and addresses
            return value
        return self._get(key, (str,), "text", default)

    def number(self, key: str, default: float | int = 0) -> float | int:
        """An int or float; validation later flags negatives and fractions.

        An integer outside TOML's 64-bit range (tomllib reads ``10**400``
        without complaint) and the floats ``inf`` and ``nan`` are refused
        here: no count needs them, and no arithmetic on them can be trusted.
        """
        value = self.data.get(key, default)
        if type(value) is int and _INT_MIN <= value <= _INT_MAX:  # the common case first
            return value
        value = self._get(key, (int, float), "number", default)
        if isinstance(value, int) and not isinstance(value, bool) and not _INT_MIN <= value <= _INT_MAX:
            raise SchemaError(self.at(key), "out_of_range")
        if isinstance(value, float) and not math.isfinite(value):  # TOML's inf and nan: no count or hour is either
            raise SchemaError(self.at(key), "out_of_range")
        return value

    def flag(self, key: str, default: bool = False) -> bool:
        return self._get(key, (bool,), "boolean", default)

    def day(self, key: str) -> dt.date | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise SchemaError(self.at(key), "wrong_type", expected="date")
        return value

    def moment(self, key: str) -> dt.datetime | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, dt.datetime):
            raise SchemaError(self.at(key), "wrong_type", expected="datetime")
        return value

    def texts(self, key: str) -> list[str]:
        value = self._get(key, (list,), "list", [])
        for i, item in enumerate(value):
            if not isinstance(item, str):
                raise SchemaError(f"{self.at(key)}[{i}]", "wrong_type", expected="text")
        return list(value)

    def table(self, key: str) -> "_Reader":
        return _Reader(self.data.get(key, {}), self.at(key))

    def tables(self, key: str) -> list["_Reader"]:
        value = self._get(key, (list,), "list", [])
        where = self.at(key)
        return [_Reader(item, f"{where}[{i}]") for i, item in enumerate(value)]

    def text_map(self, key: str) -> dict[str, str]:
        sub = self.table(key)
        return {k: sub.text(k) for k in sub.data}

    def number_map(self, key: str) -> dict[str, float | int]:
        sub = self.table(key)
        return {k: sub.number(k) for k in sub.data}

    def optional_number(self, key: str) -> float | int | None:
        """A number when the key is there, else None (not entered, which is not 0)."""
        return self.number(key) if self.data.get(key) is not None else None

    def date_map(self, key: str) -> dict[str, dt.date]:
        sub = self.table(key)
        out = {}
        for k in sub.data:
            day = sub.day(k)
            if day is not None:
                out[k] = day
        return out


def _put(out: dict[str, Any], key: str, value: Any) -> None:
    """Leave out empty optional values so files stay small and readable."""
    if value is None or value == "" or value == [] or value == {}:
        return
    out[key] = value


# ------------------------------------------------------------------ company


@dataclass
class Company:
    name: str = ""
    org_number: str = ""
    security_contact: str = ""
    decision_date: dt.date | None = None


@dataclass
class ReportingRoute:
    """How a tenant tells the landlord: printed on every sign and letter as "Berätta för oss: …".

    The company's route in ``huskurage.toml`` ``[reporting]``; a city file's
    ``[reporting]`` replaces the fields it sets, where the route differs there.
    ``hours`` are the Swedish words, ``hours_en`` the English (empty: the
    Swedish is shown). Plain fields, so the case-data guard can read them.
    """

    phone: str = ""
    hours: str = ""
    hours_en: str = ""
    web: str = ""

    def merged(self, local: "ReportingRoute | None") -> "ReportingRoute":
        """This route with every field ``local`` sets put in its place."""
        if local is None:
            return self
        return ReportingRoute(**{k: getattr(local, k) or getattr(self, k) for k in ReportingRoute.__dataclass_fields__})


@dataclass
class NumberCheck:
    """Someone called a national number or read its live page: ``huskurage numbers DIR --verified-on DATE``."""

    verified_on: dt.date
    note: str = ""


@dataclass
class HuskurageContact:
    """Step 1: contact with the Huskurage association."""

    status: str = "not_contacted"  # not_contacted | contacted | in_dialogue | cooperating
    date: dt.date | None = None
    person: str = ""
    notes: str = ""
    model_studied: bool = False


@dataclass
class Sizing:
    """Step 2: the assumptions behind the capacity model (see sizing.py)."""

    reports_per_1000_apartments: float = 4.0
    hours_handling: float = 1.0
    hours_home_visit: float = 2.0
    hours_follow_up: float = 0.5
    home_visit_share: float = 0.8
    peak_factor: float = 2.0
    working_weeks: Count = 46


@dataclass
class Advice:
    """Step 5: what the sign tells neighbours."""

    variant: str = "huskurage"  # huskurage | police_first | custom
    custom_steps: list[str] = field(default_factory=list)
    child_concern: bool = True
    reason: str = ""
    tell_us: bool = False  # a last step "Berätta för oss" with the reporting route
    # English beside the company's own Swedish words (optional; the Swedish is shown where one is missing):
    custom_steps_en: list[str] = field(default_factory=list)  # paired with custom_steps by position
    reason_en: str = ""


@dataclass
class ActionPlan:
    """Step 3: the internal routine and its promises."""

    wanted_commitment: str = "next_working_day"
    home_visits: bool = True
    roles: dict[str, str] = field(default_factory=dict)  # role id -> own wording, else catalog text
    training_targets: dict[str, Count] = field(default_factory=dict)  # role id -> % of staff


@dataclass
class Decision:
    """What the board or management decision paper needs beyond the rest of the plan."""

    cost_per_sign: float | None = None  # kronor per printed sign; None = not entered yet


@dataclass
class ProgressEntry:
    status: str = "todo"
    date: dt.date | None = None
    note: str = ""


@dataclass
class HistoryEntry:
    """One dated change, e.g. ``progress.place_signs.status`` from doing to done.

    Made by ``wizard.history.record``: no free text in ``old``/``new``, and a
    report count dated by its quarter's first day (a date, no time).
    """

    at: dt.datetime | dt.date
    field: str
    old: str = ""
    new: str = ""

    @property
    def day(self) -> dt.date:
        return self.at.date() if isinstance(self.at, dt.datetime) else self.at


# Counts per quarter whose history rows are dated by the quarter alone (wizard.history): in a small
# municipality a time stamp would date the case.
QUARTER_DATED = ("reports.", "handled_in_time.")


def instant(at: dt.datetime | dt.date) -> float:
    """A history row's time as seconds in UTC, to put rows in order: the program's own stamps (local, without
    zone), a hand-written ``+02:00`` and a report count's date (its local midnight) alike; plain arithmetic,
    so ``9999-12-31T23:59:59-14:00`` cannot overflow."""
    if not isinstance(at, dt.datetime):
        at = dt.datetime(at.year, at.month, at.day)
    offset = at.utcoffset()
    if offset is None:
        offset = _LOCAL_OFFSET
    seconds = at.toordinal() * 86400 + at.hour * 3600 + at.minute * 60 + at.second + at.microsecond / 1e6
    return seconds - offset.total_seconds()


_LOCAL_OFFSET = dt.datetime.now().astimezone().utcoffset() or dt.timedelta()


class _HasChecklist:
    """A file with checklist items (``[progress]``): the company file and each municipality's."""

    progress: dict[str, "ProgressEntry"]

    def status_of(self, item_id: str) -> str:
        entry = self.progress.get(item_id)
        return entry.status if entry else "todo"


@dataclass
class Settings(_HasChecklist):
    """Company-wide settings: the company file as a whole."""

    company: Company = field(default_factory=Company)
    reporting: ReportingRoute = field(default_factory=ReportingRoute)
    huskurage: HuskurageContact = field(default_factory=HuskurageContact)
    sizing: Sizing = field(default_factory=Sizing)
    advice: Advice = field(default_factory=Advice)
    action_plan: ActionPlan = field(default_factory=ActionPlan)
    cadences: dict[str, Count] = field(default_factory=dict)  # cadence id -> months (0 = off)
    number_checks: dict[str, NumberCheck] = field(default_factory=dict)  # national number id -> the last real check
    progress: dict[str, ProgressEntry] = field(default_factory=dict)
    history: list[HistoryEntry] = field(default_factory=list)
    decision: Decision = field(default_factory=Decision)
    schema: int = SCHEMA


# ------------------------------------------------------------------ city


@dataclass
class Partner:
    kind: str = "other"
    organisation: str = ""
    phone: str = ""
    hours: str = ""
    email: str = ""
    contact_person: str = ""
    last_contact: dt.date | None = None
    hours_en: str = ""  # the hours in English for a bilingual sign ("" = the Swedish)
    # The area (Building.area) the partner serves: a stadsdel's social services, a lokalpolisområde.
    # "" = the whole municipality. An area's sign and letter list its own partners before the municipality's.
    area: str = ""


@dataclass
class LogoPermission:
    """Who approved a logo on the signs, and when (a municipality's or the police's mark is theirs to lend).

    ``approved_by`` names an organisation or a role ("Göteborgs stad, kommunikation"), not a person.
    """

    approved_by: str = ""
    approved_on: dt.date | None = None
    note: str = ""


@dataclass
class Sign:
    logos: list[str] = field(default_factory=list)  # paths inside the portfolio's logos/
    extra_lines: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=lambda: ["sv"])
    permissions: dict[str, LogoPermission] = field(default_factory=dict)  # logo path -> who approved it
    printed: str = ""  # fingerprint of the sign's content when print_signs was marked done ("" = never)
    extra_lines_en: list[str] = field(default_factory=list)  # English for extra_lines, paired by position
    # The same for each area's own sign (an area with partners of its own, City.sign_areas): area -> fingerprint.
    printed_areas: dict[str, str] = field(default_factory=dict)


@dataclass
class Training:
    staff: Count = 0
    trained: Count = 0


@dataclass
class Survey:
    """One customer survey (NKI) in a municipality: how many answered and, per question, the share answering yes.

    Aggregates only: a percentage per question (``checklists/nki.toml``) and
    the number of respondents, never an individual answer.
    """

    date: dt.date | None = None  # the day the survey closed; the NKI follow-up repeats from its month
    respondents: Count = 0
    yes: dict[str, float] = field(default_factory=dict)  # question id -> percent answering yes (0-100)


@dataclass
class Entrance:
    """One entrance (port, trappuppgång): the place a sign hangs, and so the unit of "introduced".

    The landlord's own stock (domain.md §1: introduced once the sign hangs in
    every entrance and every household had the letter), never a place where
    something happened: no field here may say who lives behind it or why
    anyone went there.
    """

    label: str = ""  # "A", "1", "Storgatan 5B": with the building's id, the key an import matches on
    address: str = ""  # the entrance's street address, when it has its own
    apartments: Count = 0  # as loaded; check flags one that is not a count
    sign_placed: dt.date | None = None
    inspected: dt.date | None = None  # the last sign inspection
    printed: str = ""  # the fingerprint of the printed sign that hangs here (documents.view.PortfolioView.sign_fingerprint)
    letter_delivered: dt.date | None = None  # the tenant letter in every letterbox of this entrance


@dataclass
class Building:
    """One of the landlord's buildings, by its own property id, with its entrances."""

    id: str  # the landlord's own id for the building (objekt-/fastighetsnummer)
    area: str = ""  # förvaltningsområde or stadsdel; "" where the municipality is not divided
    designation: str = ""  # fastighetsbeteckning (the property unit designation), optional
    address: str = ""
    entrances: list[Entrance] = field(default_factory=list)

    @property
    def apartments(self) -> Count:
        return sum((e.apartments for e in self.entrances), 0)


@dataclass
class City(_HasChecklist):
    code: str
    name: str = ""
    apartments: Count = 0
    entrances: Count = 0
    signs_up: Count = 0
    wave: Count = 1  # 0 = pilot
    staff_hours_per_week: float = 0.0
    duty_days_per_week: Count = 5
    training: dict[str, Training] = field(default_factory=dict)  # role id -> counts
    partners: list[Partner] = field(default_factory=list)
    sign: Sign = field(default_factory=Sign)
    reporting: ReportingRoute | None = None  # where the route differs from the company's
    progress: dict[str, ProgressEntry] = field(default_factory=dict)
    reports: dict[str, Count] = field(default_factory=dict)  # "2026-Q3" -> count of reports
    handled_in_time: dict[str, Count] = field(default_factory=dict)  # "2026-Q3" -> of those, acted on within the commitment
    surveys: list[Survey] = field(default_factory=list)  # NKI results, aggregates only
    follow_ups: dict[str, dt.date] = field(default_factory=dict)  # cadence id -> when the follow-up was last done
    history: list[HistoryEntry] = field(default_factory=list)
    schema: int = SCHEMA
    # The property register (cities/<code>-<slug>/buildings.toml), in the file's order; empty: counts typed as before.
    # The guard (wizard/privacy.py) reads them on their own: their addresses are stock, not case data.
    buildings: list[Building] = field(default_factory=list, metadata={"privacy": "stock"})
    # With buildings, apartments, entrances and signs_up above are worked out from them (:meth:`count_buildings`);
    # the three numbers the city file holds are kept here, written back unchanged.
    typed_counts: tuple[Any, Any, Any] | None = field(default=None, repr=False)
    # Set only on the copy :meth:`for_area` makes for an area's own sign and tenant letter; never saved.
    sign_area: str = field(default="", repr=False)

    def sign_areas(self) -> list[str]:
        """The areas with partners of their own, in the order the partners name them: each gets its own sign and letter.

        Empty for a municipality whose partners all serve the whole of it (then
        one sign and one letter, exactly as without areas).
        """
        return list(dict.fromkeys(p.area for p in self.partners if p.area))

    def for_area(self, area: str) -> "City":
        """This municipality as the sign and letter of ``area`` see it (a shallow copy; the partners are shared)."""
        return replace(self, sign_area=area)

    def sign_partners(self) -> list[Partner]:
        """The partners this sign and letter list: the area's own, then the municipality's of every kind the area lacks.

        For the municipality's own sign (no ``sign_area``) only the partners
        serving the whole municipality: an area's partner is not every tenant's.
        """
        area = self.sign_area
        kinds = {p.kind for p in self.partners if area and p.area == area}
        return [p for p in self.partners if (area and p.area == area) or (not p.area and p.kind not in kinds)]

    def count_buildings(self) -> None:
        """Where buildings exist, the municipality's apartments, entrances and signs up are theirs, counted.

        Called whenever the buildings change (loading, import, marking an
        entrance). A city without buildings keeps the numbers typed for it.
        """
        if not self.buildings:
            if self.typed_counts is not None:
                self.apartments, self.entrances, self.signs_up = self.typed_counts
                self.typed_counts = None
            return
        if self.typed_counts is None:
            self.typed_counts = (self.apartments, self.entrances, self.signs_up)
        apartments: Count = 0
        entrances = signs = 0
        for b in self.buildings:
            for e in b.entrances:
                apartments += e.apartments
                entrances += 1
                signs += e.sign_placed is not None
        self.apartments, self.entrances, self.signs_up = apartments, entrances, signs


@dataclass
class Portfolio:
    settings: Settings = field(default_factory=Settings)
    cities: dict[str, City] = field(default_factory=dict)  # kommunkod -> city, in code order

    def sorted_cities(self) -> list[City]:
        return [self.cities[code] for code in sorted(self.cities)]


# ------------------------------------------------------------------ dict <-> model


def _progress_from(r: _Reader) -> dict[str, ProgressEntry]:
    out: dict[str, ProgressEntry] = {}
    for item_id in r.data:
        e = r.table(item_id)
        out[item_id] = ProgressEntry(status=e.text("status", "todo"), date=e.day("date"), note=e.text("note"))
    return out


def _progress_to(progress: dict[str, ProgressEntry]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item_id, e in progress.items():
        d: dict[str, Any] = {"status": e.status}
        _put(d, "date", e.date)
        _put(d, "note", e.note)
        out[item_id] = d
    return out


def _history_from(r: _Reader) -> list[HistoryEntry]:
    """The history rows; a row whose values are all of their kind is taken as it is (thousands of them, no reader each)."""
    listed = r._get("history", (list,), "list", [])
    out = []
    for i, row in enumerate(listed):
        if type(row) is dict and type(at := row.get("at")) is dt.datetime:
            field_, old, new = row.get("field", ""), row.get("old", ""), row.get("new", "")
            if type(field_) is str and type(old) is str and type(new) is str:
                out.append(HistoryEntry(at=at, field=field_, old=old, new=new))
                continue
        out.append(_history_row(_Reader(row, f"{r.at('history')}[{i}]")))
    return out


def _history_row(r: _Reader) -> HistoryEntry:
    """One history row read value by value, each checked (a wrong one raises SchemaError naming its place)."""
    at, field_ = r.data.get("at"), r.text("field")
    if at is None:
        raise SchemaError(r.at("at"), "missing")
    # A time stamp; a report count's row is dated by its quarter's first day alone (wizard.history).
    if not isinstance(at, dt.datetime) and not (isinstance(at, dt.date) and field_.startswith(QUARTER_DATED)):
        raise SchemaError(r.at("at"), "wrong_type", expected="datetime")
    return HistoryEntry(at=at, field=field_, old=r.text("old"), new=r.text("new"))


def _history_to(history: list[HistoryEntry]) -> list[dict[str, Any]]:
    return [{"at": h.at, "field": h.field, "old": h.old, "new": h.new} for h in history]


def _schema_of(r: _Reader) -> int:
    schema = r.data.get("schema")
    if schema is None:
        raise SchemaError(r.at("schema"), "missing")
    if isinstance(schema, bool) or not isinstance(schema, int):
        raise SchemaError(r.at("schema"), "wrong_type", expected="whole_number")
    return schema


def settings_from_dict(data: dict[str, Any], where: str = f"{COMPANY_FILE}: ") -> Settings:
    r = _Reader(data, where)
    c, h, s, a, p = (r.table(k) for k in ("company", "huskurage", "sizing", "advice", "action_plan"))
    checks = r.table("number_checks")
    d = Sizing()
    return Settings(
        schema=_schema_of(r),
        company=Company(
            name=c.text("name"),
            org_number=c.text("org_number"),
            security_contact=c.text("security_contact"),
            decision_date=c.day("decision_date"),
        ),
        reporting=_reporting_from(r.table("reporting")),
        huskurage=HuskurageContact(
            status=h.text("status", "not_contacted"),
            date=h.day("date"),
            person=h.text("person"),
            notes=h.text("notes"),
            model_studied=h.flag("model_studied"),
        ),
        sizing=Sizing(
            reports_per_1000_apartments=s.number("reports_per_1000_apartments", d.reports_per_1000_apartments),
            hours_handling=s.number("hours_handling", d.hours_handling),
            hours_home_visit=s.number("hours_home_visit", d.hours_home_visit),
            hours_follow_up=s.number("hours_follow_up", d.hours_follow_up),
            home_visit_share=s.number("home_visit_share", d.home_visit_share),
            peak_factor=s.number("peak_factor", d.peak_factor),
            working_weeks=s.number("working_weeks", d.working_weeks),
        ),
        advice=Advice(
            variant=a.text("variant", "huskurage"),
            custom_steps=a.texts("custom_steps"),
            child_concern=a.flag("child_concern", True),
            tell_us=a.flag("tell_us"),
            reason=a.text("reason"),
            custom_steps_en=a.texts("custom_steps_en"),
            reason_en=a.text("reason_en"),
        ),
        action_plan=ActionPlan(
            wanted_commitment=p.text("wanted_commitment", "next_working_day"),
            home_visits=p.flag("home_visits", True),
            roles={k: p.table("roles").text(k) for k in p.table("roles").data},
            training_targets={k: v for k, v in p.number_map("training_targets").items()},
        ),
        cadences=dict(r.number_map("cadences")),
        number_checks={k: _number_check_from(checks.table(k)) for k in checks.data},
        progress=_progress_from(r.table("progress")),
        history=_history_from(r),
        decision=Decision(cost_per_sign=r.table("decision").optional_number("cost_per_sign")),
    )


def _reporting_from(r: _Reader) -> ReportingRoute:
    return ReportingRoute(phone=r.text("phone"), hours=r.text("hours"), hours_en=r.text("hours_en"), web=r.text("web"))


def _reporting_to(route: ReportingRoute) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ReportingRoute.__dataclass_fields__:
        _put(out, key, getattr(route, key))
    return out


def _number_check_from(r: _Reader) -> NumberCheck:
    day = r.day("verified_on")
    if day is None:
        raise SchemaError(r.at("verified_on"), "missing")
    return NumberCheck(verified_on=day, note=r.text("note"))


def settings_to_dict(s: Settings) -> dict[str, Any]:
    company: dict[str, Any] = {}
    for key in ("name", "org_number", "security_contact", "decision_date"):
        _put(company, key, getattr(s.company, key))
    huskurage: dict[str, Any] = {"status": s.huskurage.status}
    for key in ("date", "person", "notes"):
        _put(huskurage, key, getattr(s.huskurage, key))
    huskurage["model_studied"] = s.huskurage.model_studied
    advice: dict[str, Any] = {"variant": s.advice.variant}
    _put(advice, "custom_steps", list(s.advice.custom_steps))
    advice["child_concern"] = s.advice.child_concern
    if s.advice.tell_us:
        advice["tell_us"] = True
    _put(advice, "reason", s.advice.reason)
    _put(advice, "custom_steps_en", list(s.advice.custom_steps_en))
    _put(advice, "reason_en", s.advice.reason_en)
    plan: dict[str, Any] = {
        "wanted_commitment": s.action_plan.wanted_commitment,
        "home_visits": s.action_plan.home_visits,
    }
    _put(plan, "roles", dict(s.action_plan.roles))
    _put(plan, "training_targets", dict(s.action_plan.training_targets))
    out: dict[str, Any] = {
        "schema": s.schema,
        "company": company,
    }
    _put(out, "reporting", _reporting_to(s.reporting))
    out |= {
        "huskurage": huskurage,
        "sizing": {k: getattr(s.sizing, k) for k in Sizing.__dataclass_fields__},
        "advice": advice,
        "action_plan": plan,
    }
    _put(out, "cadences", dict(s.cadences))
    checks = {}
    for nid, check in s.number_checks.items():
        checks[nid] = {"verified_on": check.verified_on}
        _put(checks[nid], "note", check.note)
    _put(out, "number_checks", checks)
    _put(out, "progress", _progress_to(s.progress))
    _put(out, "history", _history_to(s.history))
    decision: dict[str, Any] = {}
    _put(decision, "cost_per_sign", s.decision.cost_per_sign)
    _put(out, "decision", decision)
    return out


def _code_of(r: _Reader) -> str:
    code = r.data.get("code")
    if not isinstance(code, str):
        raise SchemaError(r.at("code"), "wrong_type" if code is not None else "missing", expected="text")
    if not _CODE.fullmatch(code):  # the key of every file name and export: "../../x" must never get that far
        raise SchemaError(r.at("code"), "not_a_code", value=code if len(code) <= 40 else code[:40] + "…")
    return code


def city_from_dict(data: dict[str, Any], where: str) -> City:
    r = _Reader(data, where)
    code = _code_of(r)
    sign = r.table("sign")
    permissions = sign.table("permissions")
    training = r.table("training")
    reports = r.number_map("reports")
    return City(
        schema=_schema_of(r),
        code=code,
        name=r.text("name"),
        apartments=r.number("apartments"),
        entrances=r.number("entrances"),
        signs_up=r.number("signs_up"),
        wave=r.number("wave", 1),
        staff_hours_per_week=r.number("staff_hours_per_week"),
        duty_days_per_week=r.number("duty_days_per_week", 5),
        training={
            role: Training(staff=t.number("staff"), trained=t.number("trained"))
            for role, t in ((k, training.table(k)) for k in training.data)
        },
        partners=[
            Partner(
                kind=p.text("kind", "other"),
                organisation=p.text("organisation"),
                phone=p.text("phone"),
                hours=p.text("hours"),
                email=p.text("email"),
                contact_person=p.text("contact_person"),
                last_contact=p.day("last_contact"),
                hours_en=p.text("hours_en"),
                area=p.text("area"),
            )
            for p in r.tables("partners")
        ],
        sign=Sign(
            logos=sign.texts("logos"),
            extra_lines=sign.texts("extra_lines"),
            languages=sign.texts("languages") or ["sv"],
            permissions={
                path: LogoPermission(approved_by=e.text("approved_by"), approved_on=e.day("approved_on"), note=e.text("note"))
                for path, e in ((k, permissions.table(k)) for k in permissions.data)
            },
            printed=sign.text("printed"),
            extra_lines_en=sign.texts("extra_lines_en"),
            printed_areas=sign.text_map("printed_areas"),
        ),
        reporting=_reporting_from(r.table("reporting")) if "reporting" in r.data else None,
        progress=_progress_from(r.table("progress")),
        reports=reports,  # counts only; validation flags fractions and negatives
        handled_in_time=r.number_map("handled_in_time"),
        surveys=[
            Survey(date=sv.day("date"), respondents=sv.number("respondents"), yes=sv.number_map("yes"))
            for sv in r.tables("surveys")
        ],
        follow_ups=r.date_map("follow_ups"),
        history=_history_from(r),
    )


def city_to_dict(c: City) -> dict[str, Any]:
    typed = c.typed_counts if c.buildings and c.typed_counts is not None else (c.apartments, c.entrances, c.signs_up)
    out: dict[str, Any] = {
        "schema": c.schema,
        "code": c.code,
        "name": c.name,
        "apartments": typed[0],
        "entrances": typed[1],
        "signs_up": typed[2],
        "wave": c.wave,
        "staff_hours_per_week": c.staff_hours_per_week,
        "duty_days_per_week": c.duty_days_per_week,
    }
    _put(out, "training", {role: {"staff": t.staff, "trained": t.trained} for role, t in c.training.items()})
    partners = []
    for p in c.partners:
        d: dict[str, Any] = {"kind": p.kind}
        for key in ("area", "organisation", "phone", "hours", "hours_en", "email", "contact_person", "last_contact"):
            _put(d, key, getattr(p, key))
        partners.append(d)
    _put(out, "partners", partners)
    sign: dict[str, Any] = {}
    _put(sign, "logos", list(c.sign.logos))
    _put(sign, "extra_lines", list(c.sign.extra_lines))
    sign["languages"] = list(c.sign.languages)
    permissions: dict[str, dict[str, Any]] = {}
    for path, perm in c.sign.permissions.items():
        permissions[path] = {}
        for key in ("approved_by", "approved_on", "note"):
            _put(permissions[path], key, getattr(perm, key))
    _put(sign, "permissions", permissions)
    _put(sign, "printed", c.sign.printed)
    _put(sign, "extra_lines_en", list(c.sign.extra_lines_en))
    _put(sign, "printed_areas", dict(c.sign.printed_areas))
    out["sign"] = sign
    if c.reporting is not None:
        out["reporting"] = _reporting_to(c.reporting)
    _put(out, "progress", _progress_to(c.progress))
    _put(out, "reports", dict(c.reports))
    _put(out, "handled_in_time", dict(c.handled_in_time))
    surveys = []
    for sv in c.surveys:
        d = {}
        _put(d, "date", sv.date)
        d["respondents"] = sv.respondents
        _put(d, "yes", dict(sv.yes))
        surveys.append(d)
    _put(out, "surveys", surveys)
    _put(out, "follow_ups", dict(c.follow_ups))
    _put(out, "history", _history_to(c.history))
    return out


# ------------------------------------------------------------------ buildings <-> their file


def stock_from_dict(data: dict[str, Any], where: str) -> City:
    """A buildings file (``schema``, ``code``, ``[[buildings]]``) -> a City holding its code and buildings only.

    Raises SchemaError with the place, as the city file's reader does; a
    building without an id and two entrances with one key are validation's
    findings, not errors here.
    """
    r = _Reader(data, where)
    schema = _schema_of(r)
    code = _code_of(r)
    buildings = []
    for b in r.tables("buildings"):
        listed = b._get("entrances", (list,), "list", [])
        at = b.at("entrances")
        entrances = [_entrance(e) or _entrance_read(_Reader(e, f"{at}[{j}]")) for j, e in enumerate(listed)]
        buildings.append(
            Building(id=b.text("id"), area=b.text("area"), designation=b.text("designation"), address=b.text("address"), entrances=entrances)
        )
    return City(code=code, schema=schema, buildings=buildings)


def _entrance(data: Any) -> Entrance | None:
    """An entrance as the file says it, when every value is of its kind (6,000 of them: no reader each); else None."""
    if type(data) is not dict:
        return None
    get = data.get
    label, address, printed, apartments = get("label", ""), get("address", ""), get("printed", ""), get("apartments", 0)
    if not (type(label) is str and type(address) is str and type(printed) is str and type(apartments) is int):
        return None
    if not _INT_MIN <= apartments <= _INT_MAX:
        return None
    sign_placed, inspected, letter_delivered = get("sign_placed"), get("inspected"), get("letter_delivered")
    for day in (sign_placed, inspected, letter_delivered):
        if day is not None and type(day) is not dt.date:  # a datetime, a text: the reader says what is wrong
            return None
    return Entrance(label, address, apartments, sign_placed, inspected, printed, letter_delivered)


def _entrance_read(e: _Reader) -> Entrance:
    """An entrance read value by value, each checked (a wrong one raises SchemaError naming its place)."""
    return Entrance(
        label=e.text("label"),
        address=e.text("address"),
        apartments=e.number("apartments"),
        sign_placed=e.day("sign_placed"),
        inspected=e.day("inspected"),
        printed=e.text("printed"),
        letter_delivered=e.day("letter_delivered"),
    )


def entrance_to_dict(e: Entrance) -> dict[str, Any]:
    d: dict[str, Any] = {"label": e.label}
    _put(d, "address", e.address)
    d["apartments"] = e.apartments
    for key in ("sign_placed", "printed", "inspected", "letter_delivered"):
        _put(d, key, getattr(e, key))
    return d


def building_to_dict(b: Building) -> dict[str, Any]:
    d: dict[str, Any] = {"id": b.id}
    for key in ("area", "designation", "address"):
        _put(d, key, getattr(b, key))
    d["entrances"] = [entrance_to_dict(e) for e in b.entrances]
    return d


def buildings_to_dict(c: City) -> dict[str, Any]:
    """The city's buildings file, as :func:`stock_from_dict` reads it back."""
    return {"schema": c.schema, "code": c.code, "buildings": [building_to_dict(b) for b in c.buildings]}


# ------------------------------------------------------------------ names


_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u", "æ": "ae", "ø": "o"})


def fold(text: str) -> str:
    """Lower case without Swedish diacritics: ``GÖTEBORG`` -> ``goteborg``."""
    import unicodedata

    text = text.casefold().translate(_FOLD)
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def slug(name: str) -> str:
    """ASCII file-name part from a municipality name: ``Malung-Sälen`` -> ``malung-salen``."""
    # Capped: the longest Swedish municipality name folds to 17 characters; a name
    # typed by hand must never make a file name the file system refuses.
    return re.sub(r"[^a-z0-9]+", "-", fold(name))[:60].strip("-")


def city_filename(code: str, name: str) -> str:
    return f"{code}-{slug(name)}.toml"


def iter_progress(portfolio: Portfolio) -> Iterable[tuple[City, str, ProgressEntry]]:
    for city in portfolio.sorted_cities():
        for item_id, entry in city.progress.items():
            yield city, item_id, entry
