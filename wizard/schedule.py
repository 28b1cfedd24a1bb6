"""Follow-up events on Swedish working days.

**Working days.** A working day is Monday to Friday and neither a public
holiday (allmän helgdag, Lag 1989:253) nor one of the de facto non-working
eves that the Semesterlag puts on a par with Sundays: midsommarafton,
julafton, nyårsafton. The calendar is the ``holidays`` package, pinned in
pyproject.toml, asked for ``categories=(PUBLIC, DE_FACTO)`` (the eves are in
DE_FACTO only), ``language="sv"`` (else the names follow the process locale)
and ``include_sundays=False`` (its default changed in 0.107; Sundays are
weekend days anyway). All three are passed explicitly so neither an upgrade
nor the locale changes the answer. Its answer for 2000–2079 ships as a table,
``checklists/non_working_days.csv``, which the tests keep identical to what
``holidays`` computes, so opening the dashboard or exporting does not import
it (~85 ms, ~10 MB); other years are asked of ``holidays`` itself, imported
inside functions: ``huskurage check``/``status``/``mark`` never pay for it.

**Events.** Every cadence in the catalog (``Cadence``) repeats every
``months`` months; ``Settings.cadences`` overrides the interval per cadence id
(0 or less switches it off). Company cadences give one series, city cadences
one per municipality:

- anchor: when the follow-up was last done (:func:`last_done`: the later of
  the city's own record, ``[follow_ups]``, and the date of the related
  checklist item when done; ``partner_check_in`` also counts the oldest partner
  ``last_contact``, ``nki_survey`` the latest survey of any municipality).
  When that first next date
  (``last done + interval``) lies before ``start`` it is overdue: one event on
  the first working day on or after ``start`` with ``overdue=True``, and the
  series goes on at its own dates (last done + k × interval) from ``start``. A series never done
  is anchored on the company's decision date (else 1 January of ``start``'s
  year) and starts with its first date on or after ``start``: nothing is
  overdue that was never due. Anchors are dates in the portfolio, never the
  day of the export, so a re-export on another day keeps every event's date
  and uid.
- the k-th date is ``anchor + k × interval`` months (computed from the anchor,
  so 31 January does not drift to the 28th), up to and including
  ``start + months``;
- a date that is not a working day moves to the next working day
  (``moved_from`` keeps the original).

**Areas.** Where a municipality's buildings are in areas (issue 14), the
sign inspection (``sign_inspection``) is one round per area, each its own
series: anchored on the later of the municipality's anchor and the area's own
(the oldest day any of its signed entrances was inspected, or its sign placed
where it never was: every entrance of the area has been seen since), named
"Luthagen, Uppsala". Other cadences, and a municipality without areas, keep
one series per municipality.

Each event's ``uid`` is built from (cadence id, city code, area, original scheduled
date) only, so a calendar that re-imports the export updates its events
rather than duplicating them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable, Sequence

from wizard.i18n import language, t
from wizard.model import MAX_CADENCE_MONTHS

if TYPE_CHECKING:
    from holidays import HolidayBase

    from wizard.catalog import Cadence
    from wizard.model import City, Partner, Portfolio, Settings

COUNTRY = "SE"
PARTNER_CHECK_IN = "partner_check_in"
SIGN_INSPECTION = "sign_inspection"  # one round per area where a municipality's buildings are in areas
NKI_SURVEY = "nki_survey"
UID_DOMAIN = "huskurage"

# ------------------------------------------------------------------ calendar


@lru_cache(maxsize=16)
def _calendar(years: tuple[int, ...], lang: str = "sv") -> "HolidayBase":
    import holidays

    return holidays.country_holidays(
        COUNTRY,
        years=years,
        categories=(holidays.PUBLIC, holidays.DE_FACTO),
        language=lang,
        include_sundays=False,
    )


def working_calendar(years: int | Iterable[int]) -> "HolidayBase":
    """The Swedish non-working days (public holidays and the eves) of ``years``, names in Swedish.

    Cached per year range. The object is the ``holidays`` package's; it is
    shared, so do not change it (looking up another year adds that year).
    """
    key = (years,) if isinstance(years, int) else tuple(sorted(set(years)))
    return _calendar(key)


#: The shipped answer of ``holidays`` for these years (``checklists/non_working_days.csv``).
TABLE_FILE = "non_working_days.csv"
TABLE_LANGUAGES = {"sv": "sv", "en": "en_US"}  # our language -> the holidays package's


@lru_cache(maxsize=64)
def _holidays_of(year: int, lang: str = "sv") -> dict[dt.date, str]:
    """The non-working days of ``year`` with their names.

    From the table shipped in ``checklists/`` when it covers the year: the
    ``holidays`` package's own answer, written out by
    :func:`non_working_days_table` and checked against it by the tests, so a
    start-up does not pay ~85 ms to import ``holidays`` and compute the years
    again. Any other year is asked of ``holidays`` itself.
    """
    table = shipped_table()
    if year in table:
        column = 0 if lang == "sv" else 1
        return {d: names[column] for d, names in table[year].items()}
    calendar = working_calendar(year) if lang == "sv" else _calendar((year,), TABLE_LANGUAGES["en"])
    return {d: name for d, name in calendar.items() if d.year == year}


@lru_cache(maxsize=1)
def shipped_table() -> dict[int, dict[dt.date, tuple[str, str]]]:
    """The shipped table by year: year -> date -> (Swedish name, English name)."""
    import csv

    from wizard.data_folder import data_dir

    with open(data_dir() / TABLE_FILE, encoding="utf-8", newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    rows = csv.reader(lines)
    header = next(rows)
    if header[:3] != ["date", "sv", "en"]:
        raise ValueError(f"{TABLE_FILE}: unexpected header {header}")
    by_year: dict[int, dict[dt.date, tuple[str, str]]] = {}
    for row in rows:
        day = dt.date.fromisoformat(row[0])
        by_year.setdefault(day.year, {})[day] = (row[1], row[2])
    return by_year


def non_working_days_table(first: int, last: int) -> str:
    """The CSV of :func:`shipped_table` for ``first``..``last``, computed by ``holidays`` (the tests compare)."""
    import csv
    import io

    from holidays.version import __version__ as holidays_version

    out = io.StringIO()
    out.write(
        f"# Swedish non-working days {first}-{last}: public holidays and the de facto eves, as the holidays\n"
        f"# package {holidays_version} gives them (categories PUBLIC and DE_FACTO, include_sundays=False),\n"
        "# names in Swedish and English. Written by wizard.schedule.non_working_days_table; regenerate with\n"
        "# UPDATE_CALENDAR=1 pytest tests/unit/test_schedule_table.py after upgrading holidays.\n"
    )
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["date", "sv", "en"])
    years = tuple(range(first, last + 1))
    sv, en = _calendar(years), _calendar(years, TABLE_LANGUAGES["en"])
    for d in sorted(sv):
        writer.writerow([d.isoformat(), sv[d], en[d]])
    return out.getvalue()


def _day(d: dt.date) -> dt.date:
    return d.date() if isinstance(d, dt.datetime) else d


def is_working_day(d: dt.date) -> bool:
    """Monday to Friday and not a public holiday or a non-working eve."""
    d = _day(d)
    return d.weekday() < 5 and d not in _holidays_of(d.year)


def holiday_name(d: dt.date, lang: str = "sv") -> str | None:
    """The name of the holiday or eve on ``d`` ("Julafton"; "Christmas Eve" with lang="en"), else None."""
    d = _day(d)
    return _holidays_of(d.year, "en" if lang == "en" else "sv").get(d)


def next_working_day(d: dt.date) -> dt.date:
    """The first working day strictly after ``d``."""
    d = _day(d) + dt.timedelta(days=1)
    while not is_working_day(d):
        d += dt.timedelta(days=1)
    return d


def on_or_after_working_day(d: dt.date) -> dt.date:
    """``d`` when it is a working day, else the next one."""
    d = _day(d)
    return d if is_working_day(d) else next_working_day(d)


def add_working_days(d: dt.date, n: int) -> dt.date:
    """The n-th working day after ``d`` (before it when n < 0); n = 0 is ``on_or_after_working_day(d)``.

    A non-acute report on ``d`` with a commitment of N working days must be
    acted on by ``add_working_days(d, N)``: ``add_working_days(d, 1) ==
    next_working_day(d)``. Same rule as ``holidays``' ``get_nth_working_day``.
    """
    d = _day(d)
    if n == 0:
        return on_or_after_working_day(d)
    step = dt.timedelta(days=1 if n > 0 else -1)
    for _ in range(abs(n)):
        d += step
        while not is_working_day(d):
            d += step
    return d


def non_working_reason(d: dt.date, lang: str | None = None) -> str | None:
    """Why ``d`` is not a working day: the holiday's name or the weekday; None on a working day."""
    d = _day(d)
    if is_working_day(d):
        return None
    name = holiday_name(d, lang or language())
    if name:
        return in_running_text(name, lang or language())
    return t("schedule.saturday" if d.weekday() == 5 else "schedule.sunday", lang)


def in_running_text(name: str, lang: str) -> str:
    """A holiday's name inside a sentence: Swedish writes it in lower case ("långfredagen").

    Except the parts that are proper nouns: "Kristi himmelsfärdsdag" (and
    "Sveriges nationaldag"), as in "flyttad från tor 2027-05-06 (Kristi himmelsfärdsdag)".
    Several names for one day come separated by "; ".
    """
    if lang != "sv":
        return name
    parts = [p if p.startswith(("Kristi", "Sveriges")) else p[:1].lower() + p[1:] for p in name.split("; ")]
    return "; ".join(parts)


# ------------------------------------------------------------------ months


def add_months(d: dt.date, months: int) -> dt.date:
    """``d`` plus whole months, clamped to the month's last day (31 Jan + 1 = 28/29 Feb).

    OverflowError beyond the calendar (year 1 to 9999), as ``date + timedelta``
    raises; the schedule skips a follow-up it cannot date (:func:`_dated`).
    """
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise OverflowError("date value out of range")
    if month == 12:
        last = 31
    else:
        last = (dt.date(year, month + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(d.day, last))


def interval(cadence: "Cadence", settings: "Settings") -> int:
    """The cadence's months: the company's own setting, else the catalog default; 0 = off."""
    value = settings.cadences.get(cadence.id, cadence.months)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= MAX_CADENCE_MONTHS:
        return 0  # validation reports the value; the schedule treats it as off
    return int(value)


# ------------------------------------------------------------------ events


@dataclass(frozen=True)
class Event:
    """One dated follow-up. ``title``/``what`` come from the cadence at render time."""

    date: dt.date  # a working day
    cadence: "Cadence"
    city_code: str | None  # None for the company
    city_name: str
    scheduled: dt.date  # the date the cadence gives, before moving to a working day
    uid: str
    overdue: bool = False
    area: str = ""  # the area's round of a sign inspection ("" = the whole municipality)

    @property
    def cadence_id(self) -> str:
        return self.cadence.id

    @property
    def level(self) -> str:
        return self.cadence.level

    @property
    def role(self) -> str:
        return self.cadence.role

    @property
    def due(self) -> dt.date:
        """The day it was due: the cadence's date moved to a working day (the same in every document)."""
        return on_or_after_working_day(self.scheduled)

    @property
    def moved_from(self) -> dt.date | None:
        """The scheduled date when the event was moved (to a working day, or because it is overdue)."""
        return self.scheduled if self.scheduled != self.date else None

    def title(self, lang: str | None = None) -> str:
        return self.cadence.title(lang or language())

    def what(self, lang: str | None = None) -> str:
        return self.cadence.help(lang or language())

    def where(self, lang: str | None = None) -> str:
        """The municipality's name, or "the company"."""
        return self.city_name if self.city_code is not None else t("schedule.company", lang)

    def note(self, lang: str | None = None) -> str:
        """Why the date differs from the cadence's: "flyttad från 2026-12-24 (Julafton)", or "" if it does not."""
        if self.overdue:
            return t("schedule.overdue", lang, date=self.due.isoformat())
        if self.moved_from is None:
            return ""
        reason = non_working_reason(self.scheduled, lang) or ""
        return t("schedule.moved", lang, date=self.scheduled.isoformat(), reason=reason)

    @property
    def sort_key(self) -> tuple[dt.date, str, str, str]:
        return (self.date, self.city_code or "", self.cadence.id, self.area)


def event_uid(cadence_id: str, city_code: str | None, scheduled: dt.date, area: str = "") -> str:
    """Stable across exports: the same follow-up always gets the same uid (an area's round: its slug after the code)."""
    from wizard.model import slug

    where = city_code or "company"
    if area:
        where += f"-{slug(area) or 'omrade'}"
    return f"{scheduled:%Y%m%d}-{cadence_id}-{where}@{UID_DOMAIN}"


def _event(
    cadence: "Cadence", city: "City | None", scheduled: dt.date, date: dt.date, overdue: bool = False, area: str = ""
) -> Event:
    code = city.code if city is not None else None
    name = (city.name or city.code) if city is not None else ""
    return Event(
        date=date,
        cadence=cadence,
        city_code=code,
        city_name=t("schedule.area_city", area=area, city=name) if area else name,
        scheduled=scheduled,
        uid=event_uid(cadence.id, code, scheduled, area),
        overdue=overdue,
        area=area,
    )


def rounds(
    cadence: "Cadence", city: "City | None", settings: "Settings", surveyed: dt.date | None = None
) -> list[tuple[str, dt.date | None]]:
    """(area, last done) for each series of ``cadence`` in ``city``: one per area for the sign inspection of a
    municipality whose buildings are in areas, else one, ``("", last_done)``.

    An area's round was last done on the later of the municipality's
    :func:`last_done` and the oldest day any signed entrance of the area was
    inspected (or had its sign placed, where never inspected since).
    """
    last = last_done(cadence, city, settings, surveyed)
    if city is None or cadence.id != SIGN_INSPECTION or not any(b.area for b in city.buildings):
        return [("", last)]
    seen: dict[str, list[dt.date]] = {}
    for b in city.buildings:
        days = seen.setdefault(b.area, [])
        for e in b.entrances:
            day = e.inspected if isinstance(e.inspected, dt.date) else e.sign_placed
            if isinstance(day, dt.date):
                days.append(day)
    return [(area, max((d for d in (last, min(days, default=None)) if d is not None), default=None)) for area, days in seen.items()]


def oldest_contact(city: "City") -> dt.date | None:
    """The oldest ``last_contact`` among the city's partners (partners never contacted are ignored)."""
    dates = [p.last_contact for p in city.partners if p.last_contact is not None]
    return min(dates, default=None)


def first_on_or_after(anchor: dt.date, months: int, start: dt.date) -> int:
    """The smallest k >= 1 with ``add_months(anchor, k * months) >= start`` (``months`` > 0)."""
    gap = (start.year - anchor.year) * 12 + start.month - anchor.month
    k = max(1, gap // months)
    while k > 1 and add_months(anchor, (k - 1) * months) >= start:
        k -= 1
    while add_months(anchor, k * months) < start:
        k += 1
    return k


def _series(
    cadence: "Cadence",
    city: "City | None",
    anchor: dt.date,
    months: int,
    start: dt.date,
    end: dt.date,
    done: bool,
    area: str = "",
) -> list[Event]:
    out: list[Event] = []
    try:
        if done and (first := add_months(anchor, months)) < start:
            out.append(_event(cadence, city, first, on_or_after_working_day(start), overdue=True, area=area))
        # The series keeps its anchor even after an overdue one, so a re-export on
        # another day gives the same later dates and uids.
        k = first_on_or_after(anchor, months, start)
        while (scheduled := add_months(anchor, k * months)) <= end:
            out.append(_event(cadence, city, scheduled, on_or_after_working_day(scheduled), area=area))
            k += 1
    except OverflowError:  # a date at the calendar's end (9999-12-31): what lies beyond it is not scheduled
        pass
    return out


def events(
    portfolio: "Portfolio", cadences: Sequence["Cadence"], start: dt.date, months: int = 24
) -> list[Event]:
    """Every follow-up from ``start`` up to and including ``start + months``, on working days.

    Sorted by (date, city code, cadence id), the company's events first on a
    day. See the module docstring for how each series is anchored.
    """
    start = _day(start)
    try:
        end = add_months(start, months)
    except OverflowError:  # a horizon past the calendar's end: up to its last day
        end = dt.date.max
    settings = portfolio.settings
    fallback = settings.company.decision_date or dt.date(start.year, 1, 1)
    surveyed = last_survey(portfolio)
    out: list[Event] = []
    for cadence in cadences:
        every = interval(cadence, settings)
        if not every:
            continue
        owners = [None] if cadence.level == "company" else portfolio.sorted_cities()
        for city in owners:
            for area, last in rounds(cadence, city, settings, surveyed):
                out += _series(cadence, city, last or fallback, every, start, end, done=last is not None, area=area)
    out.sort(key=lambda e: e.sort_key)
    return out


def next_follow_up(city: "City", settings: "Settings", cadences: Sequence["Cadence"], today: dt.date) -> dt.date | None:
    """The city's next follow-up on or after ``today`` that is not an overdue one, else None.

    The earliest first event on or after ``today`` of the city's series: the
    date :func:`events` gives it (a test compares the two on 290 cities),
    without building every event of the horizon.
    """
    today = _day(today)
    fallback = settings.company.decision_date or dt.date(today.year, 1, 1)
    best: dt.date | None = None
    for cadence in cadences:
        every = interval(cadence, settings)
        if cadence.level != "city" or not every:
            continue
        for _, last in rounds(cadence, city, settings):
            anchor = last or fallback
            try:
                date = on_or_after_working_day(add_months(anchor, first_on_or_after(anchor, every, today) * every))
            except OverflowError:  # beyond the calendar's end: no next follow-up of this cadence
                continue
            if best is None or date < best:
                best = date
    return best


def follow_up_summary(
    portfolio: "Portfolio", cadences: Sequence["Cadence"], today: dt.date
) -> dict[str, tuple[dt.date | None, int]]:
    """Per city code: the next follow-up on or after ``today`` and how many are overdue.

    The figures ``huskurage status`` and the dashboard show, from one place.
    """
    return {city.code: city_follow_up(city, portfolio.settings, cadences, today) for city in portfolio.sorted_cities()}


def city_follow_up(city: "City", settings: "Settings", cadences: Sequence["Cadence"], today: dt.date) -> tuple[dt.date | None, int]:
    """One city's figures of :func:`follow_up_summary`: its next follow-up and how many are overdue."""
    return next_follow_up(city, settings, cadences, today), len(overdue(city, settings, cadences, today))


# ------------------------------------------------------------------ overdue


def last_done(
    cadence: "Cadence", city: "City | None", settings: "Settings", surveyed: dt.date | None = None
) -> dt.date | None:
    """When the cadence's follow-up was last done, as far as the portfolio knows: the latest of

    - the city's own record of it (``city.follow_ups``, set by ``huskurage
      mark ... done`` and the dashboard: :func:`wizard.progress.record_follow_up`);
    - the date on the related checklist item (the cadence's ``item`` in
      checklists/cadences.toml) when that item is done;
    - ``partner_check_in``: the oldest partner ``last_contact`` (every partner
      has been contacted since);
    - ``nki_survey``: ``surveyed``, the latest survey recorded in any
      municipality (:func:`last_survey`), so the survey repeats in its own month.

    None when none is known: then nothing is overdue yet, because the checklist
    itself still shows the item as open.
    """
    dates = []
    if city is not None:
        dates.append(city.follow_ups.get(cadence.id))
        if cadence.id == PARTNER_CHECK_IN:
            dates.append(oldest_contact(city))
    if cadence.id == NKI_SURVEY:
        dates.append(surveyed)
    progress = (city.progress if city is not None else settings.progress).get(cadence.item or "")
    if progress is not None and progress.status == "done":
        dates.append(progress.date)
    return max((d for d in dates if isinstance(d, dt.date)), default=None)


def partners_behind(city: "City", settings: "Settings", cadences: Sequence["Cadence"], today: dt.date) -> list["Partner"]:
    """The partners that keep the city's partner check-in overdue: contacted last too long ago (:func:`overdue`'s rule).

    The check-in is anchored on the oldest contact, so logging one partner
    clears it only when no other is behind; this names who is, so the user is
    told what is missing instead of seeing the check-in stay late unexplained.
    Empty when the check-in is not overdue (a recorded check-in clears it all).
    """
    late = [e for e in overdue(city, settings, cadences, today) if e.cadence_id == PARTNER_CHECK_IN]
    cadence = next((c for c in cadences if c.id == PARTNER_CHECK_IN), None)
    if not late or cadence is None:
        return []
    every = interval(cadence, settings)
    behind = []
    for partner in city.partners:
        if partner.last_contact is None:
            continue  # never contacted: not counted, as in oldest_contact
        try:
            due = on_or_after_working_day(add_months(partner.last_contact, every))
        except OverflowError:
            continue
        if due < _day(today):
            behind.append(partner)
    return behind


def last_survey(portfolio: "Portfolio") -> dt.date | None:
    """The date of the latest customer survey (NKI) recorded in any municipality of the portfolio."""
    dates = [s.date for c in portfolio.cities.values() for s in c.surveys if isinstance(s.date, dt.date)]
    return max(dates, default=None)


def overdue(
    city: "City | None",
    settings: "Settings",
    cadences: Sequence["Cadence"],
    today: dt.date,
    surveyed: dt.date | None = None,
) -> list[Event]:
    """Follow-ups that fell due before ``today`` and have not been done since, for the dashboard.

    ``city=None`` checks the company's cadences (``surveyed``: the latest
    survey, :func:`last_survey`). A cadence is overdue when
    ``last_done + interval`` (moved to a working day) is before ``today``: the
    related checklist item or partner contact was not updated in time. The
    events keep their due date (in the past) and are sorted like :func:`events`.
    """
    today = _day(today)
    level = "company" if city is None else "city"
    out: list[Event] = []
    for cadence in cadences:
        every = interval(cadence, settings)
        if cadence.level != level or not every:
            continue
        for area, done in rounds(cadence, city, settings, surveyed):
            if done is None:
                continue
            try:
                scheduled = add_months(done, every)
                due = on_or_after_working_day(scheduled)
            except OverflowError:  # done on the calendar's last days: never due
                continue
            if due < today:
                out.append(_event(cadence, city, scheduled, due, overdue=True, area=area))
    out.sort(key=lambda e: e.sort_key)
    return out
