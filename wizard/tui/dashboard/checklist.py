"""A checklist on the dashboard: a municipality's (the municipality view) and the company's (the company view).

One table ``#items`` of checklist items with their status, date and note,
and the same keys for both: space cycles, ``t`` ``d`` ``x`` ``s`` set a
status, ``n`` a note, ``e`` a date. Every change is an
:class:`~wizard.tui.dashboard.edits.Edit` handed to the dashboard, which
refuses what ``huskurage check`` would call an error, saves that one file
at once and records a history row; a dialog tries its edit first, so a
refused value stays in the dialog with the reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Callable

from rich.text import Text
from textual.widgets import DataTable

from wizard import model, parse
from wizard.i18n import language, t
from wizard.tui.dashboard import edits
from wizard.tui.dashboard.modals import Answer, ValueModal
from wizard.tui.widgets.table import current_key

if TYPE_CHECKING:
    from wizard.catalog import Catalog
    from wizard.tui.dashboard.protocol import Dashboard

CYCLE = {"todo": "doing", "doing": "done", "done": "todo", "skipped": "todo"}
STATUS_STYLE = {"todo": "grey62", "doing": "yellow", "done": "green", "skipped": "grey50 italic"}
STATUS_ICON = {"todo": "○", "doing": "◐", "done": "●", "skipped": "–"}


def status_cell(status: str) -> Text:
    word = t(f"dashboard.item_status.{status}") if status in STATUS_ICON else status
    return Text(f"{STATUS_ICON.get(status, '?')} {word}", style=STATUS_STYLE.get(status, ""))


def day(value: dt.date | None) -> str:
    return value.isoformat() if value else "—"


def item_rows(target: "model.City | model.Settings", catalog: "Catalog", level: str) -> dict[str, tuple[Any, ...]]:
    """One row per checklist item of ``level``: its title, status, date and note."""
    lang = language()
    rows = {}
    for item in catalog.items(level):
        entry = target.progress.get(item.id)
        status = entry.status if entry else "todo"
        rows[item.id] = (item.title(lang), status_cell(status), day(entry.date) if entry else "—", entry.note if entry else "")
    return rows


class ChecklistKeys:
    """The checklist's keys for a screen above the dashboard showing ``#items`` (mixed into a DashboardChild)."""

    dashboard: "Dashboard"
    #: Whose checklist: a kommunkod, or ``edits.COMPANY`` for the company's own items.
    code: str

    # what the screen provides (Textual's)
    query_one: Callable[..., Any]
    notify: Callable[..., Any]
    app: Any

    @property
    def target(self) -> "model.City | model.Settings | None":
        portfolio = self.dashboard.portfolio
        return portfolio.settings if self.code == edits.COMPANY else portfolio.cities.get(self.code)

    def _apply(self, edit: edits.Edit, what: str) -> None:
        """Make the change (``what`` says it in words, for messages and the conflict question)."""
        if self.dashboard.apply(replace(edit, what=what)) and self.code not in self.dashboard.pending:
            self.notify(t("dashboard.city.saved", what=what), timeout=2, markup=False)

    def _trying(self, parse_text: Callable[[str], Any], make_edit: Callable[[Any], edits.Edit]) -> Callable[[str], Any]:
        """A dialog's reading of what was typed that also tries the edit on a copy (``Dashboard.try_edit``).

        What ``huskurage check`` would call an error (a date in the future,
        tenants informed with signs missing) is refused in the dialog itself,
        with the reason, and the typing stays there to be corrected.
        """

        def parsed(text: str) -> Any:
            value = parse_text(text)
            self.dashboard.try_edit(make_edit(value))
            return value

        return parsed

    def _item(self) -> tuple[str, str] | None:
        item_id = current_key(self.query_one("#items", DataTable))
        if item_id is None:
            return None
        item = self.dashboard.catalog.item(item_id)
        return item_id, item.title(language()) if item else item_id

    def action_set_status(self, status: str) -> None:
        found, target = self._item(), self.target
        if found is None or target is None:
            return
        item_id, title = found
        if target.status_of(item_id) == status:
            return
        word = t(f"dashboard.item_status.{status}")
        dash = self.dashboard

        def printed(c: model.City) -> str:
            from wizard.documents.sign import fingerprint_of

            return fingerprint_of(dash.portfolio, c, dash.catalog, dash.today)

        self._apply(edits.status(self.code, item_id, status, dash.today, printed), f"{title}: {word}")

    def action_cycle(self) -> None:
        found, target = self._item(), self.target
        if found is not None and target is not None:
            self.action_set_status(CYCLE.get(target.status_of(found[0]), "todo"))

    def action_edit_note(self) -> None:
        def modal(title: str, entry: model.ProgressEntry) -> ValueModal:
            return ValueModal(t("dashboard.edit.note_title", item=title), entry.note, parse.note, hint=t("dashboard.edit.note_hint"))

        self._edit_item(modal, edits.item_note, "dashboard.city.what_note")

    def action_edit_date(self) -> None:
        def modal(title: str, entry: model.ProgressEntry) -> ValueModal:
            return ValueModal(
                t("dashboard.edit.date_title", item=title),
                entry.date.isoformat() if entry.date else "",
                parse.optional_date,
                hint=t("dashboard.edit.date_hint"),
                placeholder=t("dashboard.edit.date_placeholder"),
            )

        self._edit_item(modal, edits.item_date, "dashboard.city.what_date")

    def _edit_item(
        self,
        modal: Callable[[str, model.ProgressEntry], ValueModal],
        edit: Callable[[str, str, Any], edits.Edit],
        what: str,
    ) -> None:
        """Ask for one value of the checklist item under the cursor; save the answer as ``edit(code, item, value)``."""
        found, target = self._item(), self.target
        if found is None or target is None:
            return
        item_id, title = found

        def answered(answer: Answer | None) -> None:
            if answer is not None:
                self._apply(edit(self.code, item_id, answer.value), t(what, item=title))

        dialog = modal(title, target.progress.get(item_id, model.ProgressEntry()))
        dialog.parse = self._trying(dialog.parse, lambda value: edit(self.code, item_id, value))
        self.app.push_screen(dialog, answered)
