"""The key figures of the yearly report: per municipality and year, against the year before. No I/O.

What the board follows a rollout by (issue: the yearly report): sign
coverage, tenants informed, the share trained per role, partners in contact
within 12 months, reports per quarter with how many of them were acted on
within the commitment, and the customer surveys (NKI) before and after the
rollout. Counts and shares only: nothing here can hold a case.

**A year's figures are the state at its end** (for the running year: on
``today``). Reports, handled counts and surveys carry their own quarter or
date. The rest (signs up, people trained, partner contacts) is kept as one
current value, so the value at an earlier date is worked out from the dated
history rows the program writes beside every change (:func:`as_of`): a change
made without one (a file edited by hand, the wizard's training fields) counts
as if it had always been so. The README says so too.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from wizard import model
from wizard.parse import is_count, stored_count
from wizard.progress import NOTHING, Share

if TYPE_CHECKING:
    from wizard.catalog import Catalog

CONTACT_MONTHS = 12  # a partner counts as in contact when the last contact is at most this old

_TRAINING = re.compile(r"training\.([^.]+)\.(staff|trained)")
_PARTNER = re.compile(r"partners\[(\d+)\]\.last_contact")
_PROGRESS = re.compile(r"progress\.([^.]+)\.(status|date)")


@dataclass(frozen=True)
class YearFigures:
    """One municipality's figures for one year, as they stood on ``as_of``."""

    year: int
    as_of: dt.date
    signs: Share  # entrances with a sign, of all entrances
    informed: dt.date | None  # when the tenants were informed, if by then
    training: dict[str, Share]  # role id -> trained of staff, for the roles with staff recorded
    partners_contacted: Share  # partners with a contact in the 12 months up to as_of, of those registered
    reports: dict[str, int | None]  # "2026-Q1".."2026-Q4" -> reports (None: not recorded)
    handled: dict[str, int | None]  # the same quarters -> of those, acted on within the commitment
    surveys: tuple[model.Survey, ...]  # customer surveys dated in the year

    @property
    def trained(self) -> Share:
        return sum(self.training.values(), NOTHING)


@dataclass(frozen=True)
class CityYears:
    """A municipality's figures for the year and the year before, and its surveys before and after the rollout."""

    code: str
    name: str
    this: YearFigures
    before: YearFigures
    informed: dt.date | None  # tenants informed (the rollout reached them), as of the year's end

    def rollout_side(self, survey: model.Survey) -> str:
        """``"before"`` or ``"after"`` the tenants were informed: what the survey measured."""
        return "after" if self.informed is not None and survey.date is not None and survey.date >= self.informed else "before"


def year_end(year: int, today: dt.date) -> dt.date:
    """The day a year's figures are taken: 31 December, or ``today`` while the year runs."""
    return min(dt.date(year, 12, 31), today)


def as_of(city: model.City, day: dt.date) -> model.City:
    """The city as it stood at the end of ``day``: every later change in its history undone.

    For each field changed after ``day`` the ``old`` value of its first later
    history row is the value it had then. Fields this knows: ``signs_up``,
    ``entrances``, ``training.<role>.staff|trained``,
    ``partners[i].last_contact`` and ``progress.<item>.status|date``; rows it
    cannot read are left alone. Where the city has buildings, its signs up
    are its entrances whose sign was placed by ``day``.
    """
    then = copy.deepcopy(city)
    undone: set[str] = set()
    for row in city.history:
        when = row.at.date() if isinstance(row.at, dt.datetime) else row.at
        if when <= day or row.field in undone:
            continue
        undone.add(row.field)
        _restore(then, row.field, row.old)
    if then.buildings:  # signs per entrance: each sign's own date says whether it hung then
        then.signs_up = sum(e.sign_placed is not None and e.sign_placed <= day for b in then.buildings for e in b.entrances)
    return then


def _restore(city: model.City, name: str, old: str) -> None:
    if name in ("signs_up", "entrances"):
        setattr(city, name, _int(old))
    elif m := _TRAINING.fullmatch(name):
        tr = city.training.setdefault(m.group(1), model.Training())
        setattr(tr, m.group(2), _int(old))
    elif m := _PARTNER.fullmatch(name):
        i = int(m.group(1))
        if i < len(city.partners):
            city.partners[i].last_contact = _date(old)
    elif m := _PROGRESS.fullmatch(name):
        entry = city.progress.setdefault(m.group(1), model.ProgressEntry())
        if m.group(2) == "status":
            entry.status = old or "todo"
        else:
            entry.date = _date(old)


def _int(text: str) -> int:
    try:
        return max(0, int(text))
    except ValueError:
        return 0


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def quarters(year: int) -> list[str]:
    return [f"{year}-Q{q}" for q in range(1, 5)]


def figures(city: model.City, catalog: "Catalog", year: int, today: dt.date) -> YearFigures:
    """The figures of one municipality for one year (see the module docstring)."""
    from wizard.schedule import add_months

    day = year_end(year, today)
    then = as_of(city, day)
    informed = then.progress.get("inform_tenants")
    training = {
        role: Share(min(stored_count(tr.trained), stored_count(tr.staff)), stored_count(tr.staff))
        for role, tr in then.training.items()
        if stored_count(tr.staff)
    }
    order = [r.id for r in catalog.roles]
    training = dict(sorted(training.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)))
    since = add_months(day, -CONTACT_MONTHS)
    contacted = sum(1 for p in then.partners if p.last_contact is not None and since < p.last_contact <= day)
    return YearFigures(
        year=year,
        as_of=day,
        signs=Share(min(stored_count(then.signs_up), stored_count(then.entrances)), stored_count(then.entrances)),
        informed=informed.date if informed and informed.status == "done" and informed.date and informed.date <= day else None,
        training=training,
        partners_contacted=Share(contacted, len(then.partners)),
        reports={q: _count(city.reports.get(q)) for q in quarters(year)},
        handled={q: _count(city.handled_in_time.get(q)) for q in quarters(year)},
        surveys=tuple(s for s in city.surveys if s.date is not None and s.date.year == year and s.date <= day),
    )


def _count(value: object) -> int | None:
    return int(value) if is_count(value) else None


def city_years(city: model.City, catalog: "Catalog", year: int, today: dt.date, name: str) -> CityYears:
    this = figures(city, catalog, year, today)
    return CityYears(code=city.code, name=name, this=this, before=figures(city, catalog, year - 1, today), informed=this.informed)
