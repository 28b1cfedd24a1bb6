"""Step 9: how often each follow-up happens, and a 12-month preview of the dated events on working days."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, Static

from wizard import validation
from wizard.i18n import language, t
from wizard.tui.host import host
from wizard.tui.steps.base import Step
from wizard.tui.tcss import beside
from wizard.tui.widgets.fields import FieldInput, FormField, assign, int_input, show_number
from wizard.tui.widgets.table import clip

if TYPE_CHECKING:
    from wizard.model import Portfolio
    from wizard.validation import Finding

PREVIEW_MONTHS = 12
MAX_ROWS = 300


def _months(value: object) -> str | None:
    return validation.whole_number(value, maximum=120)


class FollowUpStep(Step):
    DEFAULT_CSS = beside(__file__)

    def compose_form(self) -> ComposeResult:
        lang = language()
        for level in ("company", "city"):
            yield Static(t(f"tui.follow_up.{level}"), classes="heading", markup=False)
            cadences = list(self.session.catalog.cadences_for(level))
            with Vertical(classes="cadences"):
                for pair in (cadences[i : i + 2] for i in range(0, len(cadences), 2)):
                    with Horizontal(classes="pair"):
                        for c in pair:
                            yield FormField(
                                c.title(lang), int_input(id=f"cad-{c.id}", rule=_months, placeholder=str(c.months)), id=f"f-{c.id}"
                            )
        yield Static(t("tui.follow_up.preview", months=PREVIEW_MONTHS), classes="heading", markup=False)
        table: DataTable[Any] = DataTable(id="events", cursor_type="row", zebra_stripes=True)
        for key in ("date", "what", "where", "note"):
            table.add_column(t(f"tui.follow_up.col.{key}"), key=key)
        yield table
        yield Static("", id="more", markup=False)

    def load_fields(self, portfolio: "Portfolio") -> None:
        cadences = portfolio.settings.cadences
        for c in self.session.catalog.cadences:
            value = cadences.get(c.id, c.months)
            self.query_one(f"#cad-{c.id}", FieldInput).value = show_number(value)
        self.refresh_preview()

    def write_fields(self, portfolio: "Portfolio") -> None:
        for c in self.session.catalog.cadences:
            widget = self.query_one(f"#cad-{c.id}", FieldInput)
            if widget.parses():
                value = widget.parsed(c.months)
                if c.id in portfolio.settings.cadences or value != c.months:  # an untouched default stays implicit
                    assign(portfolio.settings.cadences, c.id, value)

    def refresh_preview(self) -> None:
        from wizard import schedule

        self.write_fields(self.session.portfolio)
        if self.unchanged("preview", host(self).today):
            return  # thousands of events with 290 cities: worked out again only when something changed
        lang = language()
        try:
            events = schedule.events(self.session.portfolio, self.session.catalog.cadences, host(self).today, PREVIEW_MONTHS)
        except (ValueError, TypeError):
            events = []  # an invalid interval: the field beside it says why
        table = self.query_one("#events", DataTable)
        with self.app.batch_update():
            table.clear()
            for e in events[:MAX_ROWS]:
                table.add_row(e.date.isoformat(), Text(clip(e.title(lang), 30)), Text(clip(e.where(lang), 16)), Text(e.note(lang)))
        more = self.query_one("#more", Static)
        more.update(t("tui.follow_up.more", n=len(events) - MAX_ROWS) if len(events) > MAX_ROWS else t("tui.follow_up.count", n=len(events)))

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if isinstance(event.input, FieldInput) and event.input.parses():
            self.refresh_preview()

    def field_for(self, finding: "Finding") -> FormField | None:
        if finding.path.startswith("cadences."):
            found = self.query(f"#f-{finding.path.split('.', 1)[1]}")
            return found.first(FormField) if found else None
        return None
