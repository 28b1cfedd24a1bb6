"""Progress figures per municipality and for the portfolio.

One computation shared by ``huskurage status``, the dashboard (its table,
totals and chart) and ``progress.md``, so they always show the same numbers:
:class:`CityProgress` per municipality, :class:`PortfolioProgress` summing
them, and :class:`Share` for every "n of m" (what a share of nothing shows is
decided there). No dates are computed here (that needs the working-day
calendar: see schedule.py).
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Callable, Iterable, TypeVar

from wizard import history, model
from wizard.parse import stored_count

if TYPE_CHECKING:
    from wizard.catalog import Catalog
    from wizard.validation import Finding


@dataclass(frozen=True)
class Share:
    """A part of a whole: checklist items done of those that apply, entrances with a sign of all of them.

    The one definition of "how far along" that the table, the totals, the
    chart, ``huskurage status`` and ``progress.md`` use.

    A share of nothing (0 of 0) is no share: :attr:`ratio` and
    :attr:`percent` are ``None``, shown as a dash, never as 0 % or 100 %. A
    municipality where no checklist item applies (all skipped), or with no
    entrances recorded, has nothing done and nothing left; calling it 100 %
    would hide that nobody has looked at it, calling it 0 % would show work
    that does not exist. Shares add as sums of parts and wholes (``+``), so such
    a municipality contributes nothing to the portfolio's figures, and a
    portfolio's share is the share of all its items, not an average of cities.
    """

    part: int
    whole: int

    @property
    def ratio(self) -> float | None:
        return self.part / self.whole if self.whole else None

    @property
    def percent(self) -> int | None:
        """Whole percent, as every screen and document shows it."""
        ratio = self.ratio
        return None if ratio is None else round(ratio * 100)

    @property
    def sort_key(self) -> tuple[bool, float]:
        """Shares in order, none (0 of 0) after all of them."""
        ratio = self.ratio
        return (ratio is None, 0.0 if ratio is None else ratio)

    def __add__(self, other: "Share") -> "Share":
        return Share(self.part + other.part, self.whole + other.whole)


NOTHING = Share(0, 0)


@dataclass(frozen=True)
class CityProgress:
    code: str
    name: str
    county: str
    wave: int
    done: int  # city-level checklist items done (skipped items count as settled, not done)
    total: int  # city-level checklist items that apply (total minus skipped)
    signs_up: int
    entrances: int
    tenants_informed: dt.date | None
    partners_registered: int  # expected kinds with at least one partner
    partners_expected: int
    missing_kinds: tuple[str, ...] = field(default=())

    @property
    def checklist(self) -> Share:
        return Share(self.done, self.total)

    @property
    def signs(self) -> Share:
        return Share(self.signs_up, self.entrances)

    @property
    def signs_share(self) -> float | None:
        """:attr:`signs` as a ratio, for the documents' ``share`` filter."""
        return self.signs.ratio

    @property
    def partners_complete(self) -> bool:
        return self.partners_registered >= self.partners_expected


@dataclass(frozen=True)
class PortfolioProgress:
    """The municipalities' figures summed: what ``huskurage status``, the dashboard's totals and ``progress.md`` show."""

    cities: tuple[CityProgress, ...]

    @classmethod
    def of(cls, cities: Iterable[CityProgress]) -> "PortfolioProgress":
        return cls(tuple(cities))

    @cached_property
    def checklist(self) -> Share:
        return sum((c.checklist for c in self.cities), NOTHING)

    @cached_property
    def signs(self) -> Share:
        return sum((c.signs for c in self.cities), NOTHING)

    @property
    def done(self) -> int:
        return self.checklist.part

    @property
    def total(self) -> int:
        return self.checklist.whole

    @property
    def signs_up(self) -> int:
        return self.signs.part

    @property
    def entrances(self) -> int:
        return self.signs.whole

    @property
    def signs_share(self) -> float | None:
        return self.signs.ratio

    @cached_property
    def informed(self) -> int:
        """Municipalities where the tenants are informed."""
        return sum(1 for c in self.cities if c.tenants_informed)

    @cached_property
    def partners_complete(self) -> int:
        """Municipalities with a partner of every expected kind."""
        return sum(1 for c in self.cities if c.partners_complete)


def city_progress(city: model.City, catalog: "Catalog") -> CityProgress:
    items = catalog.items("city")
    skipped = sum(1 for i in items if city.status_of(i.id) == "skipped")
    done = sum(1 for i in items if city.status_of(i.id) == "done")
    informed = city.progress.get("inform_tenants")
    expected = [k.id for k in catalog.partner_kinds if k.expected]
    have = {p.kind for p in city.partners}
    muni = catalog.municipalities.get(city.code)
    return CityProgress(
        code=city.code,
        name=muni.name if muni else city.name,
        county=muni.county if muni else "",
        wave=stored_count(city.wave),
        done=done,
        total=len(items) - skipped,
        signs_up=stored_count(city.signs_up),
        entrances=stored_count(city.entrances),
        tenants_informed=informed.date if informed and informed.status == "done" else None,
        partners_registered=sum(1 for k in expected if k in have),
        partners_expected=len(expected),
        missing_kinds=tuple(k for k in expected if k not in have),
    )


def portfolio_progress(portfolio: model.Portfolio, catalog: "Catalog") -> PortfolioProgress:
    return PortfolioProgress.of(city_progress(c, catalog) for c in portfolio.sorted_cities())


# ------------------------------------------------------------------ recording progress


class SignsFirst(ValueError):
    """Tenants are told about Huskurage only once the sign hangs in every entrance (rollout step 7)."""


PRINT_SIGNS = "print_signs"  # the checklist item that records the print; its fingerprint is kept


def set_status(
    city: "model.City | model.Settings",
    item_id: str,
    status: str,
    on: dt.date | None,
    note: str | None = None,
    now: dt.datetime | None = None,
    printed: Callable[[model.City], str] | None = None,
) -> bool:
    """Record a checklist item's status, date and note in the city (or the company's settings), with a dated history row.

    The one place a status changes: ``huskurage mark`` and the dashboard both
    call it, so a change looks the same in the file whoever made it. A new
    status is one row (``progress.<item>.status``); a new date or note alone is
    a row for what changed (``progress.<item>.date`` / ``.note``; a note's row
    says that it changed, never what it said: :func:`wizard.history.record`).
    ``note=None`` keeps the note. Returns False (and records nothing) when nothing changed.

    ``printed`` gives the fingerprint of the city's sign as it is printed now
    (``documents.sign.fingerprint_of``): when ``print_signs`` becomes done it
    is kept in ``sign.printed``, and each area's own sign's (an area with
    partners of its own) in ``sign.printed_areas``, so a later change to a
    number, a logo or a step shows the signs on the walls as out of date.

    Raises ``ValueError`` for an unknown status and :class:`SignsFirst` when the
    tenants would count as informed before the signs are up, or dated earlier.
    """
    if status not in model.STATUSES:
        raise ValueError(f"unknown status {status!r}")
    if item_id == "inform_tenants" and status in ("doing", "done"):
        placed = city.progress.get("place_signs")
        if placed is None or placed.status != "done" or (placed.date and on and on < placed.date):
            raise SignsFirst(getattr(city, "code", ""))
    old = city.progress.get(item_id, model.ProgressEntry())
    new = model.ProgressEntry(status=status, date=on, note=old.note if note is None else note)
    if new == old:
        return False
    city.progress[item_id] = new
    if new.status != old.status:
        rows = [("status", old.status, new.status)]
    else:
        rows = []
        if new.date != old.date:
            rows.append(("date", _iso(old.date), _iso(new.date)))
        if new.note != old.note:
            rows.append(("note", old.note, new.note))
    at = now or dt.datetime.now()
    for name, before, after in rows:
        history.record(city.history, f"progress.{item_id}.{name}", before, after, at)
    if item_id == PRINT_SIGNS and status == "done" and printed is not None and isinstance(city, model.City):
        mark = printed(city)
        if mark != city.sign.printed:
            history.record(city.history, "sign.printed", city.sign.printed, mark, at)
            city.sign.printed = mark
        areas = {area: printed(city.for_area(area)) for area in city.sign_areas()}  # an area's own sign
        if areas != city.sign.printed_areas:  # one row, as for sign.printed (a fingerprint is not kept in the history)
            history.record(city.history, "sign.printed_areas", "", "", at)
            city.sign.printed_areas = areas
    return True


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


# ------------------------------------------------------------------ recording follow-up


class Refused(ValueError):
    """A value refused before anything changes: it would make the portfolio wrong.

    ``code`` and ``params`` are a finding's (``strings/findings.toml``), so a
    refused entry and ``huskurage check`` on a file edited by hand say the same.
    """

    def __init__(self, code: str, where: str = "", **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.where = where
        self.params = params

    def message(self, lang: str | None = None) -> str:
        from wizard.i18n import t

        return t(f"findings.{self.code}", lang, **self.params)

    def __str__(self) -> str:
        return self.message()


T = TypeVar("T", model.City, model.Settings)


def checked(target: T, change: Callable[[T], bool], findings: Callable[[T], "list[Finding]"]) -> "list[Finding] | None":
    """Make ``change`` to a municipality (or the company settings) only if it brings no new error.

    Every way a user changes the portfolio one value at a time (the dashboard's
    keys and dialogs, ``huskurage mark``) goes through here, with the findings
    ``huskurage check`` has for that file: so nothing a user enters can leave
    the portfolio in a state that ``check`` calls an error and the export
    refuses. The change is tried on a copy; the target is changed only when it
    passes. Returns the new warnings (to be told, not refused), or None when
    nothing changed; raises :class:`Refused` with the first new error.
    """
    from wizard.validation import introduced

    trial = copy.deepcopy(target)
    if not change(trial):
        return None
    # The history rows a change appends are the program's, not the user's entry: a colleague's clock ahead
    # (a row dated in the future) must not make every later change "out of order" and refused.
    fresh = [f for f in introduced(findings(target), findings(trial)) if not f.path.startswith("history")]
    errors = [f for f in fresh if f.severity == "error"]
    if errors:
        raise Refused(errors[0].code, errors[0].path, **errors[0].params)
    vars(target).update(vars(trial))
    return [f for f in fresh if f.severity != "error"]


def checked_city(
    city: model.City, change: Callable[[model.City], bool], catalog: "Catalog", today: dt.date | None
) -> "list[Finding] | None":
    """:func:`checked` for one municipality, with its findings as ``huskurage check`` has them."""
    from wizard.validation import validate_city

    return checked(city, change, lambda c: validate_city(c, catalog, today))


def checked_settings(
    settings: model.Settings, change: Callable[[model.Settings], bool], catalog: "Catalog", today: dt.date | None
) -> "list[Finding] | None":
    """:func:`checked` for the company file, with its findings as ``huskurage check`` has them."""
    from wizard.validation import validate_settings

    return checked(settings, change, lambda s: validate_settings(s, catalog, today))


def _log(city: model.City, now: dt.datetime | None, name: str, old: object, new: object) -> None:
    history.record(city.history, name, old, new, now or dt.datetime.now())


def record_follow_up(
    city: model.City,
    cadence_id: str,
    on: dt.date,
    catalog: "Catalog",
    today: dt.date,
    now: dt.datetime | None = None,
) -> bool:
    """Record that a city's recurring follow-up (a sign inspection, a number check, ...) was done on ``on``.

    Its own record, ``city.follow_ups``: the checklist item the cadence
    started from (``place_signs`` for the inspection) is left as it is, so no
    rollout rule is touched; the schedule anchors the next one on the later of
    the two (:func:`wizard.schedule.last_done`). Returns False when nothing
    changed. Raises :class:`Refused` for an unknown or company-level cadence or
    a day after ``today``.
    """
    from wizard import validation

    if code := validation.follow_up(cadence_id, on, today, catalog):
        raise Refused(code, f"follow_ups.{cadence_id}", value=on.isoformat() if code == "date_in_future" else cadence_id)
    old = city.follow_ups.get(cadence_id)
    if old == on:
        return False
    city.follow_ups[cadence_id] = on
    _log(city, now, f"follow_ups.{cadence_id}", _iso(old), on.isoformat())
    return True


def set_quarter(
    city: model.City,
    quarter: str,
    *,
    reports: int | None = None,
    handled: int | None = None,
    now: dt.datetime | None = None,
) -> bool:
    """Set a quarter's report count and/or how many of them were handled within the commitment.

    Counts only, never what a report was about. The two are entered side by
    side and checked together: handled within the promised time can never be
    more than the quarter's reports, neither may be negative. ``None`` keeps
    the stored value. Returns False when nothing changed; raises
    :class:`Refused` and changes nothing when the pair would be wrong.
    """
    from wizard import parse, validation

    if not parse.is_quarter(quarter):
        raise Refused("quarter_format", f"reports.{quarter}", value=quarter)
    new_reports = city.reports.get(quarter) if reports is None else reports
    new_handled = city.handled_in_time.get(quarter) if handled is None else handled
    if reports is not None and (code := validation.whole_number(reports, maximum=validation.MAX_COUNT)):
        raise Refused(code, f"reports.{quarter}", **validation.limits(reports, validation.MAX_COUNT))
    if new_handled is not None and (code := validation.handled_in_time(new_handled, new_reports)):
        params = validation.limits(new_handled, validation.MAX_COUNT)
        raise Refused(code, f"handled_in_time.{quarter}", **params, reports=new_reports or 0, quarter=quarter)
    changed = False
    for table, name, value in ((city.reports, "reports", reports), (city.handled_in_time, "handled_in_time", handled)):
        if value is None or table.get(quarter) == value:
            continue
        old = table.get(quarter)
        table[quarter] = value
        ordered = dict(sorted(table.items()))
        table.clear()
        table.update(ordered)
        _log(city, now, f"{name}.{quarter}", old, value)
        changed = True
    return changed


def record_survey(
    city: model.City,
    survey: model.Survey,
    catalog: "Catalog",
    today: dt.date,
    now: dt.datetime | None = None,
) -> bool:
    """Record a customer survey's results for the municipality: respondents and the share answering yes per question.

    Aggregates only. A survey on the same date replaces the earlier entry;
    surveys stay in date order. Raises :class:`Refused` (nothing recorded)
    for a share over 100 % or below 0, shares without respondents, no share
    at all, an unknown question or a date in the future. A whole percent is
    kept as a whole number, however it was typed.
    """
    from dataclasses import replace

    from wizard import validation

    whole = {q: int(v) if isinstance(v, float) and v.is_integer() else v for q, v in survey.yes.items()}
    survey = replace(survey, yes=whole)  # 41 % typed as 41,0 is written (and refused, 120 %) as 41
    for place, code, params in validation.survey(survey, today, [q.id for q in catalog.questions]):
        raise Refused(code, f"surveys.{place}", **params)
    same = [i for i, s in enumerate(city.surveys) if s.date == survey.date]
    if same and city.surveys[same[0]] == survey:
        return False
    old = city.surveys[same[0]] if same else None
    if same:
        city.surveys[same[0]] = survey
    else:
        city.surveys.append(survey)
    city.surveys.sort(key=lambda s: s.date or dt.date.min)
    date = survey.date.isoformat() if survey.date else ""
    _log(city, now, f"surveys.{date}.respondents", old.respondents if old else None, survey.respondents)
    return True
