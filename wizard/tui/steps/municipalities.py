"""Step 3: the municipalities, found by typing (``goteborg`` finds Göteborg), with apartments, entrances and wave."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import DataTable, Input, OptionList, Static
from textual.widgets.option_list import Option

from wizard import model
from wizard.i18n import t
from wizard.tui.steps.base import Step, focus_now
from wizard.tui.tcss import beside
from wizard.tui.widgets.fields import FieldInput, FormField, assign, int_input, show_number, text_input
from wizard.tui.widgets.table import clip, current_key, sync_rows

if TYPE_CHECKING:
    from wizard.model import Portfolio
    from wizard.validation import Finding

MAX_MATCHES = 8
COUNTS = ("apartments", "entrances", "wave")


class MunicipalitiesStep(Step):
    DEFAULT_CSS = beside(__file__)
    BINDINGS = [Binding("delete", "remove", show=False, id="municipalities.remove")]

    def compose_form(self) -> ComposeResult:
        yield FormField(
            t("tui.municipalities.search"),
            text_input(id="search", kept=False, placeholder=t("tui.municipalities.search_placeholder")),
            id="f-search",
        )
        yield OptionList(id="matches", markup=False)
        yield Static(t("tui.municipalities.none_yet"), id="empty", markup=False)
        table: DataTable[Any] = DataTable(id="cities", cursor_type="row", zebra_stripes=True)
        for key in ("code", "name", "county", "apartments", "entrances", "wave"):
            table.add_column(t(f"tui.municipalities.col.{key}"), key=key)
        yield table
        with Vertical(id="editor"):
            yield Static("", id="editing", markup=False)
            with Horizontal(id="counts"):
                for key in COUNTS:
                    yield FormField(t(f"tui.municipalities.{key}"), int_input(id=key), id=f"f-{key}", stacked=True)
            yield Static(t("tui.municipalities.keys"), id="keys", markup=False)

    # ----------------------------------------------------------- model

    @property
    def cities(self) -> dict[str, model.City]:
        return self.session.portfolio.cities

    def selected(self) -> str | None:
        return current_key(self.query_one("#cities", DataTable))

    def load_fields(self, portfolio: "Portfolio") -> None:
        self.query_one("#search", FieldInput).value = ""
        self.query_one("#matches", OptionList).display = False
        if not self.unchanged("table"):
            self.refresh_table()
        self.load_editor()

    def refresh_table(self) -> None:
        catalog = self.session.catalog
        rows = {}
        for city in self.session.portfolio.sorted_cities():
            muni = catalog.municipalities.get(city.code)
            rows[city.code] = (
                city.code,
                clip(city.name or (muni.name if muni else ""), 18),
                clip(muni.county if muni else t("tui.municipalities.unknown"), 16),
                show_number(city.apartments),
                show_number(city.entrances),
                t("tui.municipalities.pilot") if city.wave == 0 else show_number(city.wave),
            )
        table = self.query_one("#cities", DataTable)
        sync_rows(table, rows)
        self.query_one("#empty").display = not rows
        table.display = bool(rows)
        self.query_one("#editor").display = bool(rows)

    def load_editor(self) -> None:
        code = self.selected()
        city = self.cities.get(code) if code else None
        if city is None:
            return
        with self.prevent(Input.Changed):
            self.query_one("#editing", Static).update(t("tui.municipalities.editing", name=city.name, code=city.code))
            for key in COUNTS:
                widget = self.query_one(f"#{key}", FieldInput)
                draft = self.session.drafts.get(self._draft(city.code, key))
                widget.value = draft if draft is not None else show_number(getattr(city, key))
                widget.disabled = key in model.COUNTED_FROM_BUILDINGS and bool(city.buildings)  # counted, not typed
        for key in COUNTS:
            self.query_one(f"#f-{key}", FormField).show_message(None)

    def _draft(self, code: str, key: str) -> str:
        return f"{self.info.key}.{code}.{key}"

    def draft_fields(self) -> Iterator[tuple[str, FieldInput]]:
        code = self.selected()
        if code:
            for key in COUNTS:
                yield self._draft(code, key), self.query_one(f"#{key}", FieldInput)

    def _overlay_drafts(self) -> None:
        """Drafts are per municipality and applied in ``load_editor``."""

    def write_fields(self, portfolio: "Portfolio") -> None:
        code = self.selected()
        city = portfolio.cities.get(code) if code else None
        if city is None:
            return
        with self.editing(city):
            for key in COUNTS:
                widget = self.query_one(f"#{key}", FieldInput)
                if widget.parses() and not widget.disabled:
                    assign(city, key, widget.parsed(0 if key != "wave" else 1))

    # ----------------------------------------------------------- searching and adding

    @on(Input.Changed, "#search")
    def _search(self, event: Input.Changed) -> None:
        matches = self.query_one("#matches", OptionList)
        found = self.session.catalog.search(event.value)[:MAX_MATCHES]  # the CLI's answer first
        matches.set_options(
            Option(
                Content.assemble(
                    m.name,
                    (f"  {m.code} · {m.county}", "dim"),
                    (t("tui.municipalities.already") if m.code in self.cities else "", "dim"),
                ),
                id=m.code,
            )
            for m in found
        )
        matches.display = bool(found)
        if found:
            matches.highlighted = 0
        field = self.query_one("#f-search", FormField)
        field.show_message(t("tui.municipalities.no_match", query=event.value.strip()) if event.value.strip() and not found else None)

    @on(Input.Submitted, "#search")
    def _add_highlighted(self, event: Input.Submitted) -> None:
        matches = self.query_one("#matches", OptionList)
        option = matches.highlighted_option if matches.display else None
        if option is None:
            if event.value.strip():
                self.query_one("#f-search", FormField).show_message(
                    t("tui.municipalities.no_match", query=event.value.strip())
                )
            return
        self.add(option.id or "")

    def on_key(self, event: events.Key) -> None:
        """Down/up in the search field move through the matches without leaving it."""
        search_input = self.query_one("#search", FieldInput)
        matches = self.query_one("#matches", OptionList)
        if search_input.has_focus and matches.display and event.key in ("down", "up"):
            (matches.action_cursor_down if event.key == "down" else matches.action_cursor_up)()
            event.stop()
            event.prevent_default()

    @on(OptionList.OptionSelected, "#matches")
    def _add_selected(self, event: OptionList.OptionSelected) -> None:
        self.add(event.option.id or "")

    def add(self, code: str) -> None:
        muni = self.session.catalog.municipalities.get(code)
        if muni is None:
            return
        self.to_model(self.session.portfolio)
        if code not in self.cities:
            self.cities[code] = model.City(code=code, name=muni.name)
            self.session.touch(code)
            ordered = sorted(self.cities.items())
            self.cities.clear()
            self.cities.update(ordered)
            self.notify(t("tui.municipalities.added", name=muni.name), timeout=3)
        self.query_one("#search", FieldInput).value = ""
        self.refresh_table()
        table = self.query_one("#cities", DataTable)
        table.move_cursor(row=table.get_row_index(code))
        self.load_editor()
        # The focus stays in the search: the next name typed adds the next municipality (the counts are a Tab away).
        focus_now(self.query_one("#search", FieldInput))

    # ----------------------------------------------------------- editing and removing

    @on(DataTable.RowHighlighted, "#cities")
    def _row_changed(self, event: DataTable.RowHighlighted) -> None:
        self.load_editor()

    @on(Input.Changed, "#apartments, #entrances, #wave")
    def _count_changed(self, event: Input.Changed) -> None:
        self.to_model(self.session.portfolio)
        self.refresh_table()

    def action_remove(self) -> None:
        if not self.query_one("#cities", DataTable).has_focus:
            return
        code = self.selected()
        city = self.cities.get(code) if code else None
        if city is None:
            return
        from wizard.tui.widgets.confirm import Confirm

        def answer(yes: bool | None) -> None:
            if yes:
                self.session.store.remove_city(city.code)
                self.cities.pop(city.code, None)
                for key in COUNTS:
                    self.session.drafts.pop(self._draft(city.code, key), None)
                self.refresh_table()
                self.load_editor()
                self.notify(t("tui.municipalities.removed", name=city.name), timeout=3)

        self.app.push_screen(
            Confirm(t("tui.municipalities.remove_question", name=city.name), t("tui.municipalities.remove_yes"), t("tui.municipalities.remove_no")),
            answer,
        )

    # ----------------------------------------------------------- checking

    def field_for(self, finding: "Finding") -> FormField | None:
        from wizard.tui.steps.state import city_code_of

        if finding.path in COUNTS and city_code_of(finding) == self.selected():
            return self.query_one(f"#f-{finding.path}", FormField)
        return None

    def step_problems(self) -> list[tuple[str, bool]]:
        missing = [
            c.name for c in self.cities.values() if not (isinstance(c.apartments, int) and c.apartments > 0 and isinstance(c.entrances, int) and c.entrances > 0)
        ]
        lines = []
        if not self.cities:
            lines.append(("✖ " + t("tui.municipalities.need_one"), True))
        if missing:
            lines.append(("✖ " + t("tui.municipalities.need_counts", names=", ".join(missing)), True))
        return lines + self.pending_drafts(self.selected())

    def on_show_step(self) -> None:
        focus_now(self.query_one("#search", FieldInput))
