"""The company's own checklist on the dashboard: contact the association, decide, write the plan, choose the advice.

The items answered once for the whole company (``level = "company"`` in
``checklists/steps.toml``); the wizard marks most of them as its steps are
passed (``wizard/tui/steps/covers.py``). Changed with the keys of a
municipality's checklist (:class:`~wizard.tui.dashboard.checklist.ChecklistKeys`),
saved at once to ``huskurage.toml`` with a history row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Header, Static

from wizard.i18n import t
from wizard.tui import bindings
from wizard.tui.dashboard.checklist import ChecklistKeys, item_rows
from wizard.tui.dashboard.child import DashboardChild
from wizard.tui.dashboard.edits import COMPANY
from wizard.tui.help import HelpTopic
from wizard.tui.widgets.table import sync_rows

if TYPE_CHECKING:
    from wizard.tui.dashboard.protocol import Dashboard


class CompanyScreen(ChecklistKeys, DashboardChild):
    DEFAULT_CSS = """
    CompanyScreen #heading { height: auto; padding: 0 1; text-style: bold; }
    CompanyScreen #changes { display: none; height: auto; padding: 0 1; background: $warning-muted; }
    CompanyScreen #items { height: 1fr; }
    CompanyScreen .hint { height: auto; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, dashboard: "Dashboard") -> None:
        super().__init__(dashboard, name="company")
        bindings.install(self, "company", "changes", "language")
        self.code = COMPANY

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="heading", markup=False)
        yield Static("", id="changes", markup=False)
        yield DataTable(id="items", cursor_type="row", zebra_stripes=True)
        yield Static(t("dashboard.company.hint"), classes="hint", markup=False)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        table = self.query_one("#items", DataTable)
        bindings.install(table, "checklist")
        for column in ("item", "status", "date", "note"):
            table.add_column(t(f"dashboard.city.column.{column}"), key=column)
        self.sub_title = t("tui.places.company")
        self.refresh_from_model()
        self.set_focus(table)  # at once: keys may follow
        self.follow_dashboard()

    def cities_changed(self, codes: tuple[str, ...]) -> None:
        if COMPANY in codes:
            self.refresh_from_model()

    def refresh_from_model(self) -> None:
        settings = self.dashboard.portfolio.settings
        rows = item_rows(settings, self.dashboard.catalog, "company")
        done = sum(1 for item_id in rows if settings.status_of(item_id) == "done")
        applies = sum(1 for item_id in rows if settings.status_of(item_id) != "skipped")
        name = settings.company.name or t("tui.places.company")
        self.query_one("#heading", Static).update(t("dashboard.company.heading", name=name, done=done, total=applies))
        sync_rows(self.query_one("#items", DataTable), rows)

    def action_back(self) -> None:
        self.dismiss()

    def help_topic(self) -> HelpTopic:
        return HelpTopic(t("dashboard.help.company_title"), t("dashboard.help.company_intro"), ("company", "checklist", "changes"))
