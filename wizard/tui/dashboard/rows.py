"""One row of the portfolio table per municipality, computed from the model. No Textual.

The figures come from :func:`wizard.progress.city_progress` and
:func:`wizard.schedule.follow_up_summary`, the functions ``huskurage status``
uses, so the dashboard and the command line always show the same numbers.
A row is computed for one city at a time: a change in one city recomputes one
row, and the table updates the cells that differ (STYLE.md 12).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping

from wizard import model
from wizard.i18n import t
from wizard.progress import CityProgress, PortfolioProgress, Share, city_progress

if TYPE_CHECKING:
    from rich.text import Text

    from wizard.catalog import Catalog

#: Column keys, in the order shown; labels are ``dashboard.column.<key>``. The first three stay in view when
#: the table scrolls sideways, so a late follow-up is never off screen.
COLUMNS = ("code", "name", "overdue", "county", "wave", "checklist", "signs", "informed", "partners", "next")
FIXED = 3

#: What a narrow terminal keeps, most needed first: where the table is narrower than all columns (80 columns and
#: 290 municipalities), the last give way. The county and the wave stay in the filter and the municipality's view.
KEPT_FIRST = ("code", "name", "overdue", "checklist", "signs", "next", "partners", "informed", "wave", "county")


def fitting(widths: Mapping[str, int], room: int) -> tuple[str, ...]:
    """The columns shown in ``room`` cells, given each one's full width: in :data:`COLUMNS` order, those
    :data:`KEPT_FIRST` names last left out until the rest fit (the first three always stay)."""
    kept = list(KEPT_FIRST)
    while len(kept) > FIXED and sum(widths[c] for c in kept) > room:
        kept.pop()
    return tuple(c for c in COLUMNS if c in kept)

#: Words a row answers to in the filter, besides its code, name and county (``dashboard.status.<key>``).
STATUSES = (
    "overdue", "complete", "in_progress", "not_started", "pilot", "signs_missing", "signs_out_of_date", "partners_missing"
)

BAR_WIDTH = 10
DONE_STYLE = "green"
REST_STYLE = "grey50"
WARN_STYLE = "bold red"


@dataclass(frozen=True)
class CityRow:
    progress: CityProgress
    next_follow_up: dt.date | None
    overdue: int  # follow-ups that fell due and were not done
    signs_out_of_date: bool = False  # the printed sign no longer says what the plan says (documents.sign.stale_cities)

    @property
    def code(self) -> str:
        return self.progress.code

    @property
    def statuses(self) -> tuple[str, ...]:
        p = self.progress
        out = []
        if self.overdue:
            out.append("overdue")
        if p.total and p.done >= p.total:
            out.append("complete")
        elif p.done:
            out.append("in_progress")
        else:
            out.append("not_started")
        if p.wave == 0:
            out.append("pilot")
        if p.signs_up < p.entrances:
            out.append("signs_missing")
        if self.signs_out_of_date:
            out.append("signs_out_of_date")
        if p.partners_registered < p.partners_expected:
            out.append("partners_missing")
        return tuple(out)

    @property
    def search(self) -> str:
        """What the filter looks in: code, name, county and status words in both languages, folded."""
        p = self.progress
        words = [p.code, p.name, p.county]
        for status in self.statuses:
            words += [t(f"dashboard.status.{status}", "sv"), t(f"dashboard.status.{status}", "en")]
        return model.fold(" ".join(words))

    def matches(self, query: str) -> bool:
        return matches(self.search, query)

    # ---------------------------------------------------------------- cells

    def cells(self) -> tuple[Any, ...]:
        """The values shown, as rich Text (user text never markup), in :data:`COLUMNS` order."""
        from rich.text import Text

        p = self.progress
        overdue = Text(t("dashboard.cell.overdue", n=self.overdue), style=WARN_STYLE) if self.overdue else Text("")
        partners = Text(f"{p.partners_registered}/{p.partners_expected}")
        if p.partners_registered < p.partners_expected:
            partners.stylize(WARN_STYLE)
        return (
            Text(p.code),
            Text(p.name),
            overdue,
            Text(short_county(p.county)),
            Text(t("dashboard.cell.pilot") if p.wave == 0 else str(p.wave)),
            checklist_cell(p.checklist),
            Text(f"{p.signs_up}/{p.entrances}", justify="right", style=WARN_STYLE if self.signs_out_of_date else ""),
            Text(_day(p.tenants_informed)),
            partners,
            Text(_day(self.next_follow_up)),
        )

    def sort_key(self, column: str) -> tuple[Any, ...]:
        """How the rows order by ``column``; ties by code, so the order is always the same."""
        return (SORT_KEYS[column](self), self.code)


def short_county(county: str) -> str:
    """``Västra Götalands län`` -> ``Västra Götaland``, so the table fits 80 columns (the filter still knows ``län``)."""
    if county.endswith(" län"):
        county = county[: -len(" län")]
        return county[:-1] if county.endswith("s") else county
    return county


def checklist_cell(share: Share) -> Text:
    """``7/10 ███████░░░``: one DataTable cell instead of a ProgressBar per row (STYLE.md 12); a dash when nothing applies."""
    from rich.text import Text

    if share.ratio is None:
        return Text("—")
    filled = round(BAR_WIDTH * share.part / share.whole)
    cell = Text(f"{share.part:>2}/{share.whole:<2} ")
    cell.append("█" * filled, style=DONE_STYLE)
    cell.append("░" * (BAR_WIDTH - filled), style=REST_STYLE)
    return cell


def _day(day: dt.date | None) -> str:
    return day.isoformat() if day else "—"


def _last(day: dt.date | None) -> tuple[bool, dt.date]:
    """Dates sort in order with the unknown ones last."""
    return (day is None, day or dt.date.min)


SORT_KEYS: dict[str, Callable[[CityRow], Any]] = {
    "code": lambda r: r.code,
    "name": lambda r: model.fold(r.progress.name),
    "county": lambda r: (model.fold(r.progress.county), model.fold(r.progress.name)),
    "wave": lambda r: r.progress.wave,
    "checklist": lambda r: (r.progress.checklist.sort_key, r.progress.done),
    "signs": lambda r: (r.progress.signs.sort_key, r.progress.signs_up),
    "informed": lambda r: _last(r.progress.tenants_informed),
    "partners": lambda r: r.progress.partners_registered - r.progress.partners_expected,
    "next": lambda r: _last(r.next_follow_up),
    "overdue": lambda r: r.overdue,
}


def matches(search: str, query: str) -> bool:
    """Every word of the query (any case, with or without å/ä/ö) occurs in the row's words."""
    return all(word in search for word in model.fold(query).split())


# ------------------------------------------------------------------ computing rows


def follow_ups(city: model.City, settings: model.Settings, catalog: "Catalog", today: dt.date) -> tuple[dt.date | None, int]:
    """The city's next follow-up and how many are overdue: ``follow_up_summary``'s figures for this one city."""
    from wizard import schedule

    return schedule.city_follow_up(city, settings, catalog.cadences_for("city"), today)


def signs_out_of_date(city: model.City, settings: model.Settings, catalog: "Catalog", today: dt.date) -> bool:
    """True when the city's signs were printed and a number, logo or step has changed since: ``check``'s warning."""
    if not city.sign.printed:
        return False
    from wizard.documents.sign import stale_cities

    return bool(stale_cities(model.Portfolio(settings=settings, cities={city.code: city}), catalog, today, [city]))


def city_row(city: model.City, settings: model.Settings, catalog: "Catalog", today: dt.date) -> CityRow:
    next_date, overdue = follow_ups(city, settings, catalog, today)
    return CityRow(city_progress(city, catalog), next_date, overdue, signs_out_of_date(city, settings, catalog, today))


def all_rows(portfolio: model.Portfolio, catalog: "Catalog", today: dt.date) -> dict[str, CityRow]:
    return {city.code: city_row(city, portfolio.settings, catalog, today) for city in portfolio.sorted_cities()}


# ------------------------------------------------------------------ totals


@dataclass(frozen=True)
class Totals:
    """The table's figures summed: the portfolio's progress, as ``huskurage status`` sums it, and the follow-ups overdue."""

    progress: PortfolioProgress
    overdue: int  # municipalities with a follow-up overdue

    @property
    def cities(self) -> int:
        return len(self.progress.cities)


def totals(rows: Iterable[CityRow]) -> Totals:
    """:func:`wizard.progress.portfolio_progress`'s sums over the rows' own figures, plus the overdue count."""
    rows = list(rows)
    return Totals(PortfolioProgress.of(r.progress for r in rows), sum(1 for r in rows if r.overdue))


def percent(share: Share) -> str:
    """``46 %`` (Swedish) / ``46%`` (English); a dash for a share of nothing (0 of 0)."""
    return "—" if share.percent is None else t("dashboard.percent", n=share.percent)
