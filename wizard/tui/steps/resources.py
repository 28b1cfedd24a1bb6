"""Step 4: staff time per municipality against the expected caseload, and the commitment it supports.

The numbers and the formula come from :mod:`wizard.sizing`, the same the
action plan and the dashboard show. The table updates as you type.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Iterator

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, Static

from wizard import model, sizing
from wizard.i18n import language, t
from wizard.tui.steps.base import Step
from wizard.tui.tcss import beside
from wizard.tui.widgets.fields import FieldInput, FormField, assign, float_input, int_input, show_number
from wizard.tui.widgets.table import clip, current_key, sync_rows

if TYPE_CHECKING:
    from wizard.model import Portfolio
    from wizard.validation import Finding

ASSUMPTIONS = (
    "reports_per_1000_apartments",
    "hours_handling",
    "hours_home_visit",
    "hours_follow_up",
    "home_visit_share",
    "peak_factor",
    "working_weeks",
)
CITY_FIELDS = ("staff_hours_per_week", "duty_days_per_week")


def _num(value: float, decimals: int = 1) -> str:
    if math.isinf(value):
        return "∞"
    return f"{value:.{decimals}f}".replace(".", "," if language() == "sv" else ".")


class ResourcesStep(Step):
    DEFAULT_CSS = beside(__file__)

    def compose_form(self) -> ComposeResult:
        yield Static("", id="wanted", markup=False)
        table: DataTable[Any] = DataTable(id="sizing", cursor_type="row", zebra_stripes=True)
        for key in ("name", "keepable", "reports", "needed", "available"):
            table.add_column(t(f"tui.resources.col.{key}"), key=key)
        yield table
        with Vertical(id="editor"):
            yield Static("", id="editing", markup=False)
            with Horizontal(id="city-fields"):
                yield FormField(t("tui.resources.staff_hours_per_week"), float_input(id="staff_hours_per_week"), id="f-staff_hours_per_week", stacked=True)
                yield FormField(t("tui.resources.duty_days_per_week"), int_input(id="duty_days_per_week"), id="f-duty_days_per_week", stacked=True)
            yield Static("", id="verdict", markup=False)
        yield Static(t("tui.resources.assumptions"), classes="heading", markup=False)
        with Vertical(id="assumptions"):
            for pair in (ASSUMPTIONS[i : i + 2] for i in range(0, len(ASSUMPTIONS), 2)):
                with Horizontal(classes="pair"):
                    for key in pair:
                        parse = int_input if key == "working_weeks" else float_input
                        yield FormField(t(f"tui.resources.{key}"), parse(id=key), id=f"f-{key}", stacked=True)
        yield Static(t("sizing.title"), classes="heading", markup=False)
        yield Static(self._formula(), id="formula", markup=False)

    def _formula(self) -> str:
        lines = []
        for line in sizing.FORMULA:
            label, expression, unit = line.texts()
            lines.append(f"• {label} ({unit}) = {expression}")
        return "\n".join(lines)

    # ----------------------------------------------------------- model

    def selected(self) -> str | None:
        return current_key(self.query_one("#sizing", DataTable))

    def load_fields(self, portfolio: "Portfolio") -> None:
        s = portfolio.settings.sizing
        for key in ASSUMPTIONS:
            self.query_one(f"#{key}", FieldInput).value = show_number(getattr(s, key))
        if not self.unchanged("table"):
            self.refresh_table()
        self.load_editor()

    def load_editor(self) -> None:
        code = self.selected()
        city = self.session.portfolio.cities.get(code) if code else None
        self.query_one("#editor").display = city is not None
        if city is None:
            return
        with self.prevent(Input.Changed):
            self.query_one("#editing", Static).update(t("tui.resources.editing", name=city.name, code=city.code))
            for key in CITY_FIELDS:
                draft = self.session.drafts.get(self._draft(city.code, key))
                self.query_one(f"#{key}", FieldInput).value = draft if draft is not None else show_number(getattr(city, key))
        for key in CITY_FIELDS:
            self.query_one(f"#f-{key}", FormField).show_message(None)
        self.show_verdict()

    def _draft(self, code: str, key: str) -> str:
        return f"{self.info.key}.{code}.{key}"

    def draft_fields(self) -> Iterator[tuple[str, FieldInput]]:
        for key in ASSUMPTIONS:
            yield f"{self.info.key}.{key}", self.query_one(f"#{key}", FieldInput)
        code = self.selected()
        if code:
            for key in CITY_FIELDS:
                yield self._draft(code, key), self.query_one(f"#{key}", FieldInput)

    def write_fields(self, portfolio: "Portfolio") -> None:
        s = portfolio.settings.sizing
        for key in ASSUMPTIONS:
            widget = self.query_one(f"#{key}", FieldInput)
            if widget.parses():
                assign(s, key, widget.parsed(getattr(model.Sizing(), key)))
        code = self.selected()
        city = portfolio.cities.get(code) if code else None
        if city is not None:
            with self.editing(city):
                for key in CITY_FIELDS:
                    widget = self.query_one(f"#{key}", FieldInput)
                    if widget.parses():
                        assign(city, key, widget.parsed(0))

    # ----------------------------------------------------------- the live table

    def _commitment_name(self, cid: str | None) -> str:
        if cid is None:
            return t("tui.resources.none")
        c = self.session.catalog.commitment(cid)
        return c.name(language()) if c else cid

    def refresh_table(self) -> None:
        result = sizing.size_portfolio(self.session.portfolio, self.session.catalog.commitments)
        self.result = result
        rows = {}
        for c in result.cities:
            keep = Text(self._commitment_name(c.keepable))
            if c.warning:
                keep = Text("▲ ", style="bold yellow") + keep
            rows[c.code] = (
                clip(c.name or c.code, 16),
                keep,
                _num(c.reports_per_year),
                _num(c.hours_needed_per_week),
                _num(c.hours_available_per_week),
            )
        sync_rows(self.query_one("#sizing", DataTable), rows)
        self.query_one("#wanted", Static).update(
            t("tui.resources.wanted", wanted=self._commitment_name(result.wanted))
            + ("" if rows else "\n" + t("tui.resources.no_cities"))
        )

    def show_verdict(self) -> None:
        code = self.selected()
        for c in getattr(self, "result", sizing.size_portfolio(self.session.portfolio, self.session.catalog.commitments)).cities:
            city = self.session.portfolio.cities.get(c.code)
            if c.code == code and city is not None:
                # Qualified: "the staff time suffices, but …" where a partner or training is missing.
                short = bool(c.warning or c.keepable is None or sizing.caveats(city, self.session.portfolio.settings, self.session.catalog))
                box = self.query_one("#verdict", Static)
                box.update(("▲ " if short else "✔ ") + sizing.qualified_verdict(c, self.session.portfolio, self.session.catalog))
                box.set_class(short, "-warning")

    @on(DataTable.RowHighlighted, "#sizing")
    def _row_changed(self) -> None:
        self.load_editor()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self.to_model(self.session.portfolio)
        self.refresh_table()
        self.show_verdict()

    # ----------------------------------------------------------- checking

    def field_for(self, finding: "Finding") -> FormField | None:
        from wizard.tui.steps.state import city_code_of

        key = finding.path.removeprefix("sizing.")
        if finding.file == model.COMPANY_FILE and key in ASSUMPTIONS:
            return self.query_one(f"#f-{key}", FormField)
        if finding.path in CITY_FIELDS and city_code_of(finding) == self.selected():
            return self.query_one(f"#f-{finding.path}", FormField)
        return None

    def check(self) -> bool:
        ok = super().check()
        warnings = [
            "▲ " + sizing.qualified_verdict(c, self.session.portfolio, self.session.catalog)
            for c in sizing.size_portfolio(self.session.portfolio, self.session.catalog.commitments).cities
            if c.warning
        ]
        pending = sorted({k.split(".")[1] for k in self.session.drafts if k.startswith(f"{self.info.key}.") and k.count(".") == 2} - {self.selected()})
        errors = ["✖ " + t("tui.municipalities.pending_draft", name=self._city_name(code)) for code in pending]
        if warnings or errors:
            existing = str(self.query_one(".step--problems", Static).content)
            self.show_problems([*([existing] if existing else []), *errors, *warnings])
            self.query_one(".step--problems").set_class(not errors, "-warning-only")
        return ok and not errors
