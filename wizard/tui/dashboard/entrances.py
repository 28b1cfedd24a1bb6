"""A municipality's entrances (its 5th tab, where it has buildings): area -> building -> entrance.

Each row is one entrance, in the register's order, with its area and
building beside it; typing in the filter keeps the rows whose area,
building, address or label hold every word. Backspace goes a level up, to
one row per building and then per area (entrances, signs, inspections and
letters counted), Enter opens the area or building under the cursor: the
municipality drilled down, area -> building -> entrance, with the filter
kept at every level. One key marks the entrance
under the cursor (``x`` the sign up today, or taken back; ``i`` inspected
today; ``l`` the letter delivered, or taken back), saved at once to the
municipality's buildings file; the rows and the coverage per area above
them update by diff. Addresses are the landlord's own stock, shown as text,
never as markup.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Input, Static
from textual.widgets.data_table import RowDoesNotExist

from wizard import entrances, model
from wizard.i18n import t
from wizard.tui import bindings
from wizard.tui.widgets.table import current_key, fit, sync_rows

COLUMNS = ("area", "building", "entrance", "apartments", "sign_placed", "inspected", "letter_delivered")
LEVELS = ("areas", "buildings", "entrances")  # top to bottom
AREA, BUILDING = "area:", "building:"  # the row keys of an area's and a building's rows (an entrance's: its key)


class EntrancesView(Vertical):
    """The filter, the coverage per area, and the table of entrances."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.query_text = ""
        self.city: model.City | None = None
        self.level = "entrances"  # the whole municipality's entrances at first, as a route list
        self.area: str | None = None  # drilled into this area (None: every area)
        self.building: str | None = None  # drilled into this building's entrances
        self._drawn: tuple[str, str | None, str | None] | None = None  # the level the table's rows are of
        self._folded: dict[str, str] = {}  # an entrance's texts -> as the filter reads them (model.fold)

    def compose(self) -> ComposeResult:
        yield Input(placeholder=t("dashboard.entrances.filter"), id="entrance-filter", compact=True)
        yield Static("", id="areas", markup=False)
        yield DataTable(id="entrances", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#entrances", DataTable)
        bindings.install(table, "entrances")
        bindings.install(self.query_one("#entrance-filter", Input), "entrance_filter")
        for column in COLUMNS:
            table.add_column(t(f"dashboard.entrances.column.{column}"), key=column)

    def show(self, city: model.City) -> None:
        """The rows that match the filter, by diff, and the coverage per area."""
        self.city = city
        words = model.fold(self.query_text).split()
        rows: dict[str, tuple[Any, ...]] = {}
        groups: dict[str, list[entrances.Place]] = {}
        for place in entrances.places([city]):
            b, e = place.building, place.entrance
            if (self.area is not None and b.area != self.area) or (self.building is not None and b.id != self.building):
                continue
            if words and not all(w in self._searched(b, e) for w in words):
                continue
            if self.level != "entrances":
                groups.setdefault(AREA + b.area if self.level == "areas" else BUILDING + b.id, []).append(place)
                continue
            rows[place.key] = (
                b.area or "—",
                f"{b.id} {b.address}".strip(),
                e.address or e.label or "—",
                Text(str(e.apartments), justify="right"),
                _mark(e.sign_placed),
                _mark(e.inspected),
                _mark(e.letter_delivered),
            )
        rows.update({key: _group_row(key, places) for key, places in groups.items()})
        table = self.query_one("#entrances", DataTable)
        if self._drawn != (self.level, self.area, self.building):  # another level: its columns as wide as its own rows
            self._drawn = (self.level, self.area, self.building)
            for column in table.columns.values():  # (a DataTable widens a column for a new row, never narrows it)
                column.content_width = column.label.cell_len
        labels = [str(c.label) for c in table.ordered_columns]
        sync_rows(table, fit(rows, labels, 1, self.app.size.width))  # the building's address gives way at 80 columns
        self.query_one("#areas", Static).update(coverage(city) + self._where())

    def _searched(self, b: model.Building, e: model.Entrance) -> str:
        """What the filter reads of an entrance, folded once per text (not once per keystroke and entrance)."""
        where = " ".join((b.area, b.id, b.address, b.designation, e.label, e.address))
        folded = self._folded.get(where)
        if folded is None:
            folded = self._folded[where] = model.fold(where)
        return folded

    def _where(self) -> str:
        """Where the drill-down is, after the coverage ("" for the whole municipality's entrances, as at first)."""
        if self.level == "entrances" and self.area is None and self.building is None:
            return ""
        path = [x for x in (self.city.name if self.city else "", self.area, self.building) if x]
        where = t("dashboard.entrances.where", level=t(f"dashboard.entrances.level.{self.level}"), path=" › ".join(path))
        return "\n" + where

    def open(self, key: str | None) -> bool:
        """Enter on an area's row: its buildings; on a building's: its entrances. False on an entrance."""
        if key is None or self.city is None:
            return False
        if key.startswith(AREA):
            self.level, self.area, self.building = "buildings", key.removeprefix(AREA), None
        elif key.startswith(BUILDING):
            self.level, self.building = "entrances", key.removeprefix(BUILDING)
        else:
            return False
        self.show(self.city)
        self.query_one("#entrances", DataTable).move_cursor(row=0)
        return True

    def up(self) -> bool:
        """One level up, the cursor on the row it came from. False at the top (the areas)."""
        if self.city is None or self.level == "areas":
            return False
        if self.level == "entrances":
            came_from = BUILDING + self.building if self.building is not None else ""
            self.level, self.building = "buildings", None
        else:
            came_from = AREA + self.area if self.area is not None else ""
            self.level, self.area = "areas", None
        self.show(self.city)
        table = self.query_one("#entrances", DataTable)
        try:
            table.move_cursor(row=table.get_row_index(came_from))
        except RowDoesNotExist:  # filtered away, or up from the whole municipality's list: the first row
            table.move_cursor(row=0)
        return True

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "entrance-filter":
            self.query_text = event.value
            if self.city is not None:
                self.show(self.city)

    def current(self) -> str | None:
        return current_key(self.query_one("#entrances", DataTable))


def _group_row(key: str, places: list[entrances.Place]) -> tuple[Any, ...]:
    """One area's or building's row: its buildings, entrances, apartments, and how many have a sign, an inspection, a letter."""
    first = places[0].building
    n = len(places)
    buildings = len({id(p.building) for p in places})

    def count(field: str) -> Text:
        done = sum(getattr(p.entrance, field) is not None for p in places)
        return Text(f"{done}/{n}", style="green" if done == n else "", justify="right")

    if key.startswith(AREA):
        building = t("dashboard.entrances.buildings_n", n=buildings)
    else:
        building = f"{first.id} {first.address}".strip()
    return (
        first.area or "—",
        building,
        Text(str(n), justify="right"),  # how many entrances: narrow, so the table still fits 80 columns
        Text(str(sum(p.entrance.apartments for p in places)), justify="right"),
        count("sign_placed"),
        count("inspected"),
        count("letter_delivered"),
    )


def _mark(day: dt.date | None) -> Text:
    return Text(day.isoformat(), style="green") if day else Text("○", style="grey62")


def coverage(city: model.City) -> str:
    """Signs up per area, as the entrances tab heads its table."""
    return t("dashboard.entrances.coverage", areas=areas_text(city))


def areas_text(city: model.City) -> str:
    """Signs up per area: ``Luthagen 1/2 · Gottsunda 0/1`` (a municipality not divided: its total alone)."""
    per_area: dict[str, list[int]] = {}
    for b in city.buildings:
        counts = per_area.setdefault(b.area or t("dashboard.entrances.no_area"), [0, 0])
        for e in b.entrances:
            counts[0] += e.sign_placed is not None
            counts[1] += 1
    return " · ".join(f"{area} {up}/{total}" for area, (up, total) in per_area.items())
