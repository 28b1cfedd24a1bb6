"""Progress figures per municipality and for the portfolio.

One computation shared by ``huskurage status``, the dashboard and
``progress.md``, so the three always show the same numbers. No dates are
computed here (that needs the working-day calendar: see schedule.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from wizard import model

if TYPE_CHECKING:
    from wizard.catalog import Catalog


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
    def share(self) -> float:
        return self.done / self.total if self.total else 1.0

    @property
    def signs_share(self) -> float:
        return self.signs_up / self.entrances if self.entrances else 0.0


@dataclass(frozen=True)
class PortfolioProgress:
    cities: tuple[CityProgress, ...]
    done: int
    total: int
    signs_up: int
    entrances: int
    informed: int  # municipalities where tenants are informed

    @property
    def signs_share(self) -> float:
        return self.signs_up / self.entrances if self.entrances else 0.0


def _count(value: object) -> int:
    """Counts as stored may be invalid (validation reports that); show them as 0."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        return 0
    return int(value)


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
        wave=_count(city.wave),
        done=done,
        total=len(items) - skipped,
        signs_up=_count(city.signs_up),
        entrances=_count(city.entrances),
        tenants_informed=informed.date if informed and informed.status == "done" else None,
        partners_registered=sum(1 for k in expected if k in have),
        partners_expected=len(expected),
        missing_kinds=tuple(k for k in expected if k not in have),
    )


def portfolio_progress(portfolio: model.Portfolio, catalog: "Catalog") -> PortfolioProgress:
    cities = tuple(city_progress(c, catalog) for c in portfolio.sorted_cities())
    return PortfolioProgress(
        cities=cities,
        done=sum(c.done for c in cities),
        total=sum(c.total for c in cities),
        signs_up=sum(c.signs_up for c in cities),
        entrances=sum(c.entrances for c in cities),
        informed=sum(1 for c in cities if c.tenants_informed),
    )


# ------------------------------------------------------------------ recording progress


class SignsFirst(ValueError):
    """Tenants are told about Huskurage only once the sign hangs in every entrance (rollout step 7)."""


def set_status(
    city: model.City,
    item_id: str,
    status: str,
    on: dt.date | None,
    note: str | None = None,
    now: dt.datetime | None = None,
) -> bool:
    """Record a checklist item's status, date and note in the city, with a dated history row.

    The one place a status changes: ``huskurage mark`` and the dashboard both
    call it, so a change looks the same in the file whoever made it. A new
    status is one row (``progress.<item>.status``); a new date or note alone is
    a row for what changed (``progress.<item>.date`` / ``.note``). ``note=None``
    keeps the note. Returns False (and records nothing) when nothing changed.

    Raises ``ValueError`` for an unknown status and :class:`SignsFirst` when the
    tenants would count as informed before the signs are up, or dated earlier.
    """
    if status not in model.STATUSES:
        raise ValueError(f"unknown status {status!r}")
    if item_id == "inform_tenants" and status in ("doing", "done"):
        placed = city.progress.get("place_signs")
        if placed is None or placed.status != "done" or (placed.date and on and on < placed.date):
            raise SignsFirst(city.code)
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
    at = (now or dt.datetime.now()).replace(microsecond=0)
    for name, before, after in rows:
        city.history.append(model.HistoryEntry(at=at, field=f"progress.{item_id}.{name}", old=before, new=after))
    return True


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""
