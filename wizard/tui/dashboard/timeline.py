"""Progress over time, replayed from each city's dated history. No Textual.

Every change the program records is a history row (``progress.<item>.status``
from doing to done, ``signs_up`` from 40 to 90, ...). Replaying them gives, at
the end of each month, how many checklist items were done and how many
entrances had the sign, for the chart on the summary screen.

Files written by hand or by an older version may lack rows: an item without
status rows counts from its ``date`` (or always, without one), and signs
without rows count from the date the signs were put up. The last point is
always today's figures, exactly what the table shows.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from wizard import model
from wizard.parse import stored_count
from wizard.progress import Share, city_progress

if TYPE_CHECKING:
    from wizard.catalog import Catalog


@dataclass(frozen=True)
class Point:
    day: dt.date
    done: int
    total: int
    signs_up: int
    entrances: int

    @property
    def checklist(self) -> Share:
        return Share(self.done, self.total)

    @property
    def signs(self) -> Share:
        return Share(self.signs_up, self.entrances)


def percents(points: list[Point], share: Callable[[Point], Share]) -> tuple[list[int], list[float]]:
    """One line of the chart: the positions and percents (one decimal) of the points whose share exists.

    A point with nothing to count (0 of 0: no municipality yet, or no entrances
    recorded) is left out of the line rather than drawn as 0 %.
    """
    xs, ys = [], []
    for x, point in enumerate(points):
        ratio = share(point).ratio
        if ratio is not None:
            xs.append(x)
            ys.append(round(ratio * 100, 1))
    return xs, ys


def month_ends(first: dt.date, today: dt.date) -> list[dt.date]:
    """The last day of every month from ``first``'s up to before ``today``'s, then ``today``."""
    out = []
    year, month = first.year, first.month
    while (year, month) < (today.year, today.month):
        nxt = dt.date(year + (month == 12), 1 if month == 12 else month + 1, 1)
        out.append(nxt - dt.timedelta(days=1))
        year, month = nxt.year, nxt.month
    return out + [today]


class _Series:
    """One value's changes in time: what it was at any day, from the rows that changed it."""

    def __init__(self, rows: list[tuple[dt.date, str, str]], fallback: Callable[[dt.date], str]) -> None:
        rows.sort(key=lambda r: r[0])
        self.days = [r[0] for r in rows]
        self.rows = rows
        self.fallback = fallback  # day -> value, when there are no rows at all

    def at(self, day: dt.date) -> str:
        if not self.rows:
            return self.fallback(day)
        i = bisect_right(self.days, day)
        return self.rows[i - 1][2] if i else self.rows[0][1]


def _count(text: str) -> int:
    """A count as a history row holds it (``"90"``), read as the stored value would be."""
    try:
        return stored_count(int(text))
    except (TypeError, ValueError):
        return 0


def _city_series(city: model.City, item_ids: list[str], up: int) -> tuple[dict[str, _Series], _Series]:
    """The city's items and signs in time; ``up`` is the signs up today (:func:`city_progress`'s figure)."""
    by_field: dict[str, list[tuple[dt.date, str, str]]] = {}
    for h in city.history:
        by_field.setdefault(h.field, []).append((h.day, h.old, h.new))
    items = {}
    for item in item_ids:
        entry = city.progress.get(item)

        def fallback(day: dt.date, entry: model.ProgressEntry | None = entry) -> str:
            if entry is None or (entry.date is not None and entry.date > day):
                return "todo"
            return entry.status

        items[item] = _Series(by_field.get(f"progress.{item}.status", []), fallback)
    placed = city.progress.get("place_signs")
    since = placed.date if placed is not None and placed.status in ("doing", "done") else None

    def signs_fallback(day: dt.date) -> str:
        return str(up if since is None or since <= day else 0)

    if city.buildings:  # signs per entrance: each sign's own date says when it went up
        placed_on = [e.sign_placed for b in city.buildings for e in b.entrances if e.sign_placed is not None]
        return items, _Series([], lambda day: str(sum(d <= day for d in placed_on)))
    rows = [(d, str(_count(o)), str(_count(n))) for d, o, n in by_field.get("signs_up", [])]
    return items, _Series(rows, signs_fallback)


def first_day(portfolio: model.Portfolio) -> dt.date | None:
    """The earliest day any city's history mentions."""
    days = [h.day for c in portfolio.cities.values() for h in c.history[:1]]
    return min(days, default=None)


def progress_over_time(
    portfolio: model.Portfolio, catalog: "Catalog", today: dt.date, months: int = 24
) -> list[Point]:
    """Checklist items done and entrances with signs, at the end of each month up to today.

    Starts at the month of the earliest history row, at most ``months`` back
    (12 months back when there is no history at all).
    """
    item_ids = [i.id for i in catalog.items("city")]
    earliest = dt.date(today.year - months // 12, today.month, 1)
    start = max(first_day(portfolio) or dt.date(today.year - 1, today.month, 1), earliest)
    days = month_ends(min(start, today), today)
    done = [0] * len(days)
    total = [0] * len(days)
    signs = [0] * len(days)
    entrances = 0
    for city in portfolio.cities.values():
        now = city_progress(city, catalog)
        entrances += now.entrances
        items, signs_up = _city_series(city, item_ids, now.signs_up)
        for i, day in enumerate(days):
            if day >= today:  # the last point: today's figures, as the table shows them
                done[i] += now.done
                total[i] += now.total
                signs[i] += now.signs_up
                continue
            states = [items[item].at(day) for item in item_ids]
            done[i] += states.count("done")
            total[i] += len(item_ids) - states.count("skipped")
            signs[i] += min(_count(signs_up.at(day)), now.entrances)
    return [Point(d, done[i], total[i], signs[i], entrances) for i, d in enumerate(days)]
