"""A municipality's entrances (its 5th tab, where it has buildings): area -> building -> entrance.

Each row is one entrance, in the register's order, with its area and
building beside it; typing in the filter keeps the rows whose area,
building, address or label hold every word. One key marks the entrance
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

from wizard import entrances, model
from wizard.i18n import t
from wizard.tui import bindings
from wizard.tui.widgets.table import current_key, fit, sync_rows

COLUMNS = ("area", "building", "entrance", "apartments", "sign_placed", "inspected", "letter_delivered")


class EntrancesView(Vertical):
    """The filter, the coverage per area, and the table of entrances."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.query_text = ""
        self.city: model.City | None = None

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
        for place in entrances.places([city]):
            b, e = place.building, place.entrance
            where = " ".join((b.area, b.id, b.address, b.designation, e.label, e.address))
            if words and not all(w in model.fold(where) for w in words):
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
        table = self.query_one("#entrances", DataTable)
        labels = [str(c.label) for c in table.ordered_columns]
        sync_rows(table, fit(rows, labels, 1, self.app.size.width))  # the building's address gives way at 80 columns
        self.query_one("#areas", Static).update(coverage(city))

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "entrance-filter":
            self.query_text = event.value
            if self.city is not None:
                self.show(self.city)

    def current(self) -> str | None:
        return current_key(self.query_one("#entrances", DataTable))


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
