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
