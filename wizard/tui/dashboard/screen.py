"""The portfolio table: where a returning security manager lands, month after month.

One DataTable row per municipality, keyed by kommunkod. The table is kept in
step with the model by diff (STYLE.md 12): a change in one city recomputes
that city's row and updates only the cells that differ; the filter removes
and adds rows; sorting reorders them in place. Nothing is rebuilt on a
single change.

Every change (made in the municipality view) is saved at once, to that
city's file only, with a dated history row, through the save-and-resolve
flow the wizard uses too (:mod:`wizard.tui.saving`). Someone else's change
on disk (a colleague, ``git pull``, ``huskurage mark``) is noticed by a
cheap stat check every two seconds (:mod:`wizard.tui.watch`) and offered for
reload; an unsaved change of ours is never silently dropped or written over
theirs: the user is asked, and both count when they changed different fields.
"""

from __future__ import annotations

import copy
import datetime as dt
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static
from textual.widgets.data_table import ColumnKey

from wizard import i18n, memory, model
from wizard.i18n import t
from wizard.progress import Refused, SignsFirst, checked_city, checked_settings
from wizard.tui.dashboard.edits import COMPANY
from wizard.tui import bindings
from wizard.tui.dashboard.rows import COLUMNS, FIXED, CityRow, city_row, fitting, matches, percent, totals
from wizard.tui.host import host
from wizard.tui.saving import SaveFlow
from wizard.tui.watch import OutsideChanges, show_banner
from wizard.tui.widgets.table import current_key

if TYPE_CHECKING:
    from textual.signal import Signal

    from wizard.catalog import Catalog
    from wizard.tui.commands import Entry
    from wizard.tui.conflict import Resolution
    from wizard.tui.dashboard.city import CityScreen
    from wizard.tui.dashboard.edits import Edit
    from wizard.tui.help import HelpTopic
    from wizard.tui.session import Session

ARROWS = {False: "▲", True: "▼"}


def same_cell(a: Any, b: Any) -> bool:
    if isinstance(a, Text) and isinstance(b, Text):
        return a.plain == b.plain and a.style == b.style and a.spans == b.spans
    return type(a) is type(b) and a == b


class DashboardScreen(Screen[None]):
    CSS_PATH = "screen.tcss"
    AUTO_FOCUS = "#table"

    def __init__(self, session: "Session", start: Any = None) -> None:
        super().__init__(name="dashboard")
        bindings.install(self, "dashboard", "changes", "language")
        self.session = session
        self.start_city = start if isinstance(start, str) else None  # reopen a municipality (after a language switch)
        self.rows: dict[str, CityRow] = {}
        self.search: dict[str, str] = {}
        self.cells: dict[str, tuple[Any, ...]] = {}
        self.shown: set[str] = set()  # row keys in the table (the filter hides the others)
        self.columns_shown: tuple[str, ...] = ()  # the columns that fit the terminal's width (fit_columns)
        self._picked: list[int] = []  # their places in COLUMNS
        self.query_text = ""
        self.sort_column = "code"
        self.sort_reverse = False
        self.pending: dict[str, list["Edit"]] = {}  # changes made but not yet on disk (a conflict was not settled)
        self.outside = OutsideChanges(session)  # files someone else changed since we read them
        self.flow = SaveFlow(self, session, settled=self._settled, describe=self._describe)
        self.city_screen: "CityScreen | None" = None
        self._ready = False
        self._texts: dict[str, str] = {}
        self.sub_title = session.portfolio.settings.company.name or session.root.name

    # ---------------------------------------------------------------- the model

    @property
    def portfolio(self) -> model.Portfolio:
        return self.session.portfolio

    @property
    def catalog(self) -> "Catalog":
        return self.session.catalog

    @property
    def today(self) -> dt.date:
        return host(self).today

    @staticmethod
    def now() -> dt.datetime:
        return dt.datetime.now().replace(microsecond=0)

    def name_of(self, code: str) -> str:
        if code == COMPANY:
            return t("tui.places.company")
        row = self.rows.get(code)
        if row is not None:
            return row.progress.name
        muni = self.catalog.municipality(code)
        return muni.name if muni else code

    # ---------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="totals", markup=False)
        yield Input(id="filter", placeholder=t("dashboard.filter.placeholder"), compact=True)
        yield Static("", id="changes", markup=False)
        yield DataTable(id="table", cursor_type="row", zebra_stripes=True, cursor_foreground_priority="renderable")
        yield Static("", id="status", markup=False)
        yield Static("", id="stale", markup=False)  # printed signs that no longer say what the plan says
        yield Footer(compact=True, show_command_palette=False)

    @property
    def table(self) -> DataTable:
        return self.query_one("#table", DataTable)

    def on_mount(self) -> None:
        table = self.table
        bindings.install(table, "table")
        field = self.query_one("#filter", Input)
        bindings.install(field, "filter")
        field.cursor_blink = host(self).cursor_blink  # off in snapshots
        table.fixed_columns = FIXED
        today, settings, catalog = self.today, self.portfolio.settings, self.catalog
        with memory.collection_paused():  # rows and cells for every city, all kept
            for city in self.portfolio.sorted_cities():
                self._remember(city_row(city, settings, catalog, today))
            self.shown = set(self.rows)
            self.fit_columns()
        # The portfolio, its rows and the widgets live as long as this screen: out of the collector's sight.
        memory.keep_alive()
        self._after_change()
        host(self).outside_trigger.start(self, self.poll_outside)
        self._ready = True
        if self.start_city in self.rows:
            self.call_after_refresh(self.open_city, self.start_city)

    def bench_ready(self) -> bool:
        """For benchmarks/tui_probe.py: every row is computed and in the table."""
        return self._ready and self.table.row_count == len(self.shown)

    def _label(self, column: str) -> Text:
        """The header; the sort arrow has its place reserved, so the width never changes."""
        arrow = ARROWS[self.sort_reverse] if column == self.sort_column else " "
        return Text(f"{t(f'dashboard.column.{column}')} {arrow}")

    # ---------------------------------------------------------------- columns that fit

    def fit_columns(self) -> None:
        """Show the columns that fit the terminal's width (:func:`rows.fitting`); rebuild the table only when they change.

        At 80 columns with 290 municipalities the table showed up to the
        checklist and scrolled sideways for the rest; now the least needed
        columns give way and what is shown fits without scrolling.
        """
        table = self.table
        padding = 2 * table.cell_padding
        widths = {
            column: padding + max([self._label(column).cell_len, *(cells[i].cell_len for cells in self.cells.values())])
            for i, column in enumerate(COLUMNS)
        }
        columns = fitting(widths, self.app.size.width - table.styles.scrollbar_size_vertical)
        if columns == self.columns_shown:
            return
        self.columns_shown = columns
        self._picked = [COLUMNS.index(c) for c in columns]
        current = self.current_code() if table.row_count else None
        with self.app.batch_update():
            table.clear(columns=True)
            for column in columns:
                table.add_column(self._label(column), key=column)
            for code in self._ordered(self.shown):
                table.add_row(*self._cells(code), key=code)
            if current in self.shown:
                table.move_cursor(row=table.get_row_index(current), animate=False)

    def _cells(self, code: str) -> list[Any]:
        """A city's cells in the columns shown."""
        cells = self.cells[code]
        return [cells[i] for i in self._picked]

    def on_resize(self) -> None:
        if self._ready:
            self.fit_columns()

    on_screen_resume = on_resize  # the terminal may have changed size while a municipality was open

    def _remember(self, row: CityRow) -> None:
        self.rows[row.code] = row
        self.search[row.code] = row.search
        self.cells[row.code] = row.cells()

    # ---------------------------------------------------------------- showing rows

    def _ordered(self, codes: Iterable[str]) -> list[str]:
        column = self.sort_column
        return sorted(codes, key=lambda code: self.rows[code].sort_key(column), reverse=self.sort_reverse)

    def _sort(self) -> None:
        """Reorder the rows in place, the cursor staying on its municipality."""
        table = self.table
        current = self.current_code()
        column = self.sort_column
        table.sort("code", key=lambda cell: self.rows[cell.plain].sort_key(column), reverse=self.sort_reverse)
        if current in self.shown:
            table.move_cursor(row=table.get_row_index(current), animate=False)

    def _show(self, wanted: list[str]) -> None:
        """Make the table hold exactly ``wanted``: remove the rows that went, add the ones that came."""
        table = self.table
        keep = set(wanted)
        remove = self.shown - keep
        add = keep - self.shown
        if not remove and not add:
            return
        with self.app.batch_update():
            if len(remove) > len(keep):
                # remove_row costs O(rows) each: when most rows go, starting from an empty table is cheaper.
                table.clear()
                for code in self._ordered(keep):
                    table.add_row(*self._cells(code), key=code)
            else:
                for code in remove:
                    table.remove_row(code)
                for code in add:
                    table.add_row(*self._cells(code), key=code)
                if add:
                    self._sort()
        self.shown = keep

    def apply_filter(self, query: str) -> None:
        had_query, self.query_text = bool(self.query_text), query
        words = model.fold(query).split()
        self._show([code for code, search in self.search.items() if all(w in search for w in words)])
        table = self.table
        if table.row_count and table.cursor_row:
            table.move_cursor(row=0, animate=False)
        self._update_status()
        if had_query != bool(query):  # Esc starts or stops clearing something (the footer is rebuilt on this)
            self.refresh_bindings()

    def city_changed(self, *codes: str) -> None:
        """Bring the given cities' rows up to date by diff (after an edit or a reload)."""
        table = self.table
        today, settings, catalog = self.today, self.portfolio.settings, self.catalog
        resort = False
        with self.app.batch_update():
            for code in codes:
                city = self.portfolio.cities.get(code)
                if city is None:  # its file went away
                    for store in (self.rows, self.search, self.cells):
                        store.pop(code, None)
                    if code in self.shown:
                        table.remove_row(code)
                        self.shown.discard(code)
                    continue
                old_row, old_cells = self.rows.get(code), self.cells.get(code)
                self._remember(city_row(city, settings, catalog, today))
                visible = matches(self.search[code], self.query_text)
                if code in self.shown and visible and old_row is not None and old_cells is not None:
                    for column, i in zip(self.columns_shown, self._picked, strict=True):
                        before, after = old_cells[i], self.cells[code][i]
                        if not same_cell(before, after):
                            table.update_cell(code, column, after, update_width=True)
                    resort |= old_row.sort_key(self.sort_column) != self.rows[code].sort_key(self.sort_column)
                elif code in self.shown:
                    table.remove_row(code)
                    self.shown.discard(code)
                elif visible:
                    table.add_row(*self._cells(code), key=code)
                    self.shown.add(code)
                    resort = True
            if resort:
                self._sort()
        self.fit_columns()  # a longer name or count may take a column's room
        self._after_change()
        self.changed.publish(codes)  # the municipality view and the summary redraw from it

    @cached_property
    def changed(self) -> "Signal[tuple[str, ...]]":
        """Published after cities changed (their codes), or when only the banner did (no codes): the summary follows it."""
        from textual.signal import Signal

        return Signal(self, "dashboard-changed")

    def _after_change(self) -> None:
        self._update_totals()
        self._update_status()
        self._show_changes()

    def _update_totals(self) -> None:
        s = totals(self.rows.values())
        p = s.progress
        text = t(
            "dashboard.totals.line",
            n=s.cities,
            done=p.done,
            total=p.total,
            share=percent(p.checklist),
            signs=p.signs_up,
            entrances=p.entrances,
            signs_share=percent(p.signs),
            overdue=s.overdue,
        )
        self._set("#totals", text)

    def _update_status(self) -> None:
        if not self.rows:
            text = t("dashboard.empty")
        elif not self.shown:
            text = t("dashboard.filter.none")
        else:
            text = t("dashboard.filter.shown", shown=len(self.shown), total=len(self.rows))
            column = t(f"dashboard.column.{self.sort_column}")
            text += " · " + t("dashboard.sort.by", column=column, arrow=ARROWS[self.sort_reverse])
        self._set("#status", text)
        stale = [r.progress.name or r.code for r in sorted(self.rows.values(), key=lambda r: r.code) if r.signs_out_of_date]
        names = ", ".join(stale[:3]) + (" " + t("dashboard.and_more", n=len(stale) - 3) if len(stale) > 3 else "")
        self._set("#stale", t("dashboard.signs_out_of_date", cities=names) if stale else "")
        self.query_one("#stale", Static).display = bool(stale)

    def _set(self, selector: str, text: str) -> None:
        """Update a line only when its text changed (an update costs a layout pass)."""
        if self._texts.get(selector) != text:
            self._texts[selector] = text
            self.query_one(selector, Static).update(text)

    def current_code(self) -> str | None:
        return current_key(self.table)

    # ---------------------------------------------------------------- keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that would do nothing stay out of the footer."""
        if action == "clear_filter":  # also leaves an empty filter for the list
            return bool(self.query_text) or self.focused is self.query_one("#filter", Input)
        if action == "reload":
            return self.can_reload()
        if action == "save_pending":
            return self.can_save_pending()
        return True

    def can_reload(self) -> bool:
        return bool(self.outside.paths)

    def can_save_pending(self) -> bool:
        return bool(self.pending)

    def palette_entries(self) -> list["Entry"]:
        """Ctrl+P here also opens a municipality by name ("Öppna Göteborg (1480)"), found when searched for."""
        from wizard.tui.commands import entry

        entries = []
        for code, row in sorted(self.rows.items(), key=lambda item: model.fold(item[1].progress.name)):
            p = row.progress
            help = t("dashboard.palette.open_city_help", county=p.county or "—", done=p.done, total=p.total)
            title = t("dashboard.palette.open_city", name=p.name, code=code)
            entries.append(entry(title, help, partial(self.open_city, code), discover=False))
        return entries

    def help_topic(self) -> "HelpTopic":
        from wizard.tui.help import HelpTopic

        return HelpTopic(t("dashboard.help.title"), t("dashboard.help.intro"), ("table", "dashboard", "changes"))

    def action_focus_filter(self) -> None:
        self.set_focus(self.query_one("#filter", Input))  # at once: the next keys are the filter's

    def action_focus_table(self) -> None:
        self.set_focus(self.table)

    def action_clear_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.value = ""
        self.apply_filter("")  # at once, not after Input.Changed comes round
        self.set_focus(self.table)

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        if event.value != self.query_text:
            self.apply_filter(event.value)

    def set_sort(self, column: str, reverse: bool = False) -> None:
        """Sort by ``column`` as the user asked: the view then shows the top of the sorted list, cursor on its first row."""
        table = self.table
        self.sort_column, self.sort_reverse = column, reverse
        for key in self.columns_shown:
            table.columns[ColumnKey(key)].label = self._label(key)
        self._sort()
        if table.row_count:
            table.move_cursor(row=0, animate=False)
            table.scroll_home(animate=False)
        self._update_status()

    def action_sort_next(self) -> None:
        shown = self.columns_shown  # the columns the user sees: a column left out for width is not sorted by unseen
        i = shown.index(self.sort_column) if self.sort_column in shown else -1
        self.set_sort(shown[(i + 1) % len(shown)])

    def action_sort_reverse(self) -> None:
        self.set_sort(self.sort_column, not self.sort_reverse)

    @on(DataTable.HeaderSelected, "#table")
    def _header_clicked(self, event: DataTable.HeaderSelected) -> None:
        column = str(event.column_key.value)
        self.set_sort(column, not self.sort_reverse if column == self.sort_column else False)

    @on(DataTable.RowSelected, "#table")
    def _row_clicked(self, event: DataTable.RowSelected) -> None:
        self.open_city(str(event.row_key.value))

    def action_open_city(self) -> None:
        field = self.query_one("#filter", Input)
        if field.value != self.query_text:  # Enter typed right after the letters: filter first
            self.apply_filter(field.value)
        code = self.current_code()
        if code is not None:
            self.open_city(code)

    def open_city(self, code: str) -> None:
        from wizard.tui.dashboard.city import CityScreen

        if code not in self.portfolio.cities:
            return
        self.city_screen = CityScreen(self, code)

        def closed(_: object = None) -> None:
            self.city_screen = None
            if code in self.shown:
                self.table.move_cursor(row=self.table.get_row_index(code), animate=False)
            # Back in the list, not in the filter it was opened from: s, r, o ... act, never land in the filter (kept).
            self.set_focus(self.table)

        self.app.push_screen(self.city_screen, closed)

    def action_company(self) -> None:
        """The company's own checklist (contact, decision, action plan, advice ...), changed with the same keys."""
        from wizard.tui.dashboard.company import CompanyScreen

        self.app.push_screen(CompanyScreen(self))

    def action_summary(self) -> None:
        from wizard.tui.dashboard.summary import SummaryScreen

        self.app.push_screen(SummaryScreen(self))

    def action_export(self) -> None:
        """Every document into the portfolio's ``export`` folder, as ``huskurage export`` writes them.

        In a browser (``huskurage serve``) the files are then downloaded too (tui/delivery.py).
        """
        self.notify(t("dashboard.export.running"), timeout=3, markup=False)
        self.run_worker(self._export, thread=True, exclusive=True, group="export", exit_on_error=False)

    def _export(self) -> None:
        from wizard import documents
        from wizard.tui import delivery

        out = self.session.store.root / "export"  # the real folder, whatever link led to it
        try:
            written = documents.export(
                self.portfolio,
                out,
                lang=i18n.language(),
                today=self.today,
                findings=self.session.findings(today=self.today),
                logos_root=self.session.root,
                catalog=self.catalog,
            )
        except Exception as error:  # ExportError and OSError carry a message for the user
            message = getattr(error, "message", None) or str(error)
            self.app.call_from_thread(self.notify, message, severity="error", timeout=10, markup=False)
            return
        self.app.call_from_thread(self.notify, t("dashboard.export.done", n=len(written), folder="export"), timeout=6, markup=False)
        self.app.call_from_thread(delivery.offer, self.app, out, written, self.today)

    def action_toggle_language(self) -> None:
        """F8 here keeps the dashboard (and the open municipality), in the other language."""
        code = self.city_screen.code if self.city_screen is not None else None
        app = host(self)

        def restart() -> None:
            while self.app.screen is not self and len(self.app.screen_stack) > 1:
                self.app.pop_screen()
            app.switch_language()
            app.start_screen(self.session, "dashboard", start=code)

        self.save_before_quit(restart)

    # ---------------------------------------------------------------- changing and saving

    def target_of(self, code: str) -> "model.City | model.Settings | None":
        """What an edit with this code changes: a municipality, or the company's settings (``COMPANY``)."""
        return self.portfolio.settings if code == COMPANY else self.portfolio.cities.get(code)

    def _checked(self, edit: "Edit", target: "model.City | model.Settings") -> list | None:
        """The edit made to ``target`` only if it brings no new error (``progress.checked``); its new warnings."""
        now = self.now()
        if isinstance(target, model.Settings):
            return checked_settings(target, lambda trial: edit(trial, now), self.catalog, self.today)
        return checked_city(target, lambda trial: edit(trial, now), self.catalog, self.today)

    def try_edit(self, edit: "Edit") -> None:
        """Try an edit on a copy, changing nothing: raises ``ValueError`` with the reason it would be refused."""
        target = self.target_of(edit.code)
        if target is None:
            return
        try:
            self._checked(edit, copy.deepcopy(target))
        except SignsFirst:
            raise ValueError(t("dashboard.city.signs_first", name=self.name_of(edit.code))) from None

    def apply(self, edit: "Edit") -> bool:
        """Make a change, save that file at once, update its row. False when nothing changed."""
        target = self.target_of(edit.code)
        if target is None:
            return False
        try:  # what huskurage check would call an error (and the export refuse) is refused here, nothing changed
            warnings = self._checked(edit, target)
        except SignsFirst:
            self.notify(t("dashboard.city.signs_first", name=self.name_of(edit.code)), severity="warning", timeout=6, markup=False)
            return False
        except Refused as refused:
            self.notify(t("dashboard.city.refused", what=edit.what, reason=refused.message()), severity="warning", timeout=8, markup=False)
            return False
        if warnings is None:
            return False
        for warning in warnings:  # saved, and said: a sign missing somewhere, a done item without a date
            self.notify(warning.message(), severity="warning", timeout=8, markup=False)
        self.pending.setdefault(edit.code, []).append(edit)
        self.save(edit.code)
        if edit.code == COMPANY:
            self._update_totals()
            self.changed.publish((COMPANY,))
        else:
            self.city_changed(edit.code)
        return True

    def save(self, code: str, *, ask: bool = True) -> bool:
        """Write the city's file, or the company's (only that one). A conflict is asked about; nothing is overwritten unasked."""
        if code != COMPANY and code not in self.portfolio.cities:  # the city is gone from the model
            self.pending.pop(code, None)
            self._show_changes()
            return True

        def write() -> list[Path]:
            written = self.session.store.save_settings() if code == COMPANY else self.session.store.save_city(code)
            return [written] if written else []

        def saved(_: object) -> None:
            self.pending.pop(code, None)
            self._show_changes()

        def waiting() -> None:
            if ask:
                self.notify(t("tui.save.waiting", name=self.name_of(code)), timeout=5, markup=False)
            self._show_changes()

        return self.flow.save(write, then=saved, waiting=waiting, ask=ask)

    def action_save_pending(self) -> None:
        for code in list(self.pending):
            self.save(code)

    def _describe(self, path: Path) -> list[str] | None:
        """What the user changed in a city's file, as they did it ("Utbilda personalen: Klar")."""
        code = self._key_of(path)
        return [edit.what for edit in self.pending[code]] if code in self.pending else None

    def _key_of(self, path: Path) -> str | None:
        """The pending key of a file: its municipality's code, ``COMPANY`` for the company file."""
        if Path(path).resolve() == self.session.store.company_path.resolve():
            return COMPANY
        return self.session.code_of(path)

    def _settled(self, paths: list[Path], resolution: "Resolution") -> None:
        """A conflict settled: their version taken (and ours made again on top, or dropped), or ours kept."""
        from wizard.tui.conflict import Resolution

        codes = self._codes_of(paths)
        if resolution is Resolution.THEIRS:
            for code in [*codes, *[COMPANY for p in paths if self._key_of(p) == COMPANY]]:
                if self.pending.pop(code, None) is not None:
                    self.notify(t("tui.conflict.took_theirs", name=self.name_of(code)), timeout=5, markup=False)
        self.outside.look()
        self.city_changed(*codes)
        if any(self._key_of(p) == COMPANY for p in paths):
            self.changed.publish((COMPANY,))

    # ---------------------------------------------------------------- working with others

    def poll_outside(self) -> None:
        """When the trigger fires (every two seconds): a stat per file (its content is read only when the stat changed)."""
        if not self.flow.asking:
            self.outside.poll(self, self._show_changes)

    def action_reload(self) -> None:
        """Take the version on disk of every file someone else changed; ask where we have unsaved changes."""
        from wizard.tui.saving import store_errors

        _, store_error = store_errors()
        self.outside.look()
        paths = list(self.outside.paths)
        if not paths:
            self._show_changes()
            return
        before = dict(self.portfolio.cities)
        settings = self.portfolio.settings
        ask = []
        loaded = 0
        for path in paths:
            if self._key_of(path) in self.pending:
                ask.append(path)
                continue
            try:
                self.session.reload(path)
                loaded += 1
            except store_error as error:  # said as a failure, never as "loaded"
                self.notify(t("tui.changes.reload_failed", error=error.message), severity="error", timeout=8, markup=False)
        changed = {c for c in set(before) | set(self.portfolio.cities) if before.get(c) is not self.portfolio.cities.get(c)}
        if self.portfolio.settings is not settings:
            changed |= set(self.portfolio.cities)  # follow-up intervals may have changed for every city
            self.changed.publish((COMPANY,))
        self.outside.look()
        if changed:
            self.city_changed(*sorted(changed))
        else:
            self._show_changes()
        if loaded:
            self.notify(t("tui.changes.reloaded", n=loaded), timeout=4)
        if ask:
            self.flow.ask(ask, retry=self.action_save_pending, waiting=self._show_changes)

    def _codes_of(self, paths: list[Path]) -> list[str]:
        """The municipalities of these files, also of a file that just went away (its name starts with the code)."""
        codes = set()
        for path in paths:
            code = self.session.code_of(path)
            if code is None and Path(path).parent.name == model.CITIES_DIR and Path(path).name[:4].isdigit():
                code = Path(path).name[:4]
            if code:
                codes.add(code)
        return sorted(codes)

    def changes_text(self) -> str:
        parts = [self.outside.banner()] if self.outside.paths else []
        if self.pending:
            parts.append(t("tui.changes.pending", names=", ".join(self.name_of(c) for c in self.pending)))
        return "\n".join(parts)

    def _show_changes(self) -> None:
        """The banner here; the screens above follow ``changed``."""
        if self.is_mounted:
            show_banner(self, self.changes_text())
        self.changed.publish(())

    def save_before_quit(self, then: Callable[[], object]) -> None:
        """Everything is saved as it is made; what could not be (a conflict left waiting) is asked about."""
        from wizard.tui.dashboard.modals import QuitUnsaved

        for code in list(self.pending):
            self.save(code, ask=False)
        if not self.pending or host(self).hung_up:  # nobody left to ask: the rest is saved
            then()
            return

        def answered(leave: bool | None) -> None:
            if leave:
                then()

        self.app.push_screen(QuitUnsaved([self.name_of(c) for c in self.pending]), answered)
