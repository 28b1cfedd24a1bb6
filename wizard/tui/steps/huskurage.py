"""Step 2: contact with the Huskurage association, and a first word on what Huskurage is."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.widgets import Checkbox, Select, TextArea

from wizard.i18n import t
from wizard.tui.steps.base import Step, load_messages
from wizard.tui.tcss import beside
from wizard.tui.host import host
from wizard.tui.widgets.fields import FieldInput, FormField, done_date_input, show_date, text_input

if TYPE_CHECKING:
    from wizard.model import Portfolio
    from wizard.validation import Finding

STATUSES = ("not_contacted", "contacted", "in_dialogue", "cooperating")


class HuskurageStep(Step):
    DEFAULT_CSS = beside(__file__)
    LOAD_MESSAGES = load_messages(Select, TextArea, Checkbox)

    def compose_form(self) -> ComposeResult:
        options = [(t(f"tui.huskurage.status.{s}"), s) for s in STATUSES]
        yield FormField(
            t("tui.huskurage.status_label"),
            Select(options, allow_blank=False, value="not_contacted", id="status", compact=True),
            id="f-status",
        )
        yield FormField(t("tui.huskurage.date"), done_date_input(host(self).today, id="date"), hint=t("tui.huskurage.date_hint"), id="f-date")
        yield FormField(
            t("tui.huskurage.person"), text_input(id="person"), hint=t("tui.huskurage.person_hint"), id="f-person"
        )
        yield FormField(
            t("tui.huskurage.notes"),
            TextArea(id="notes", soft_wrap=True, compact=True, tab_behavior="focus"),
            hint=t("tui.huskurage.notes_hint"),
            id="f-notes",
        )
        yield Checkbox(t("tui.huskurage.model_studied"), id="model_studied", compact=True)

    def load_fields(self, portfolio: "Portfolio") -> None:
        h = portfolio.settings.huskurage
        self.query_one("#status", Select).value = h.status if h.status in STATUSES else "not_contacted"
        self.query_one("#date", FieldInput).value = show_date(h.date)
        self.query_one("#person", FieldInput).value = h.person
        self.query_one("#notes", TextArea).text = h.notes
        self.query_one("#model_studied", Checkbox).value = h.model_studied

    def write_fields(self, portfolio: "Portfolio") -> None:
        h = portfolio.settings.huskurage
        status = self.query_one("#status", Select).value
        if isinstance(status, str):
            h.status = status
        date = self.query_one("#date", FieldInput)
        if date.parses():
            h.date = date.parsed(None)
        person = self.query_one("#person", FieldInput)
        if person.parses():  # what the case-data guard refuses is never written: the model keeps its text
            h.person = person.parsed("")
        if self.query_one("#f-notes", FormField).may_save():
            h.notes = self.query_one("#notes", TextArea).text.strip()
        h.model_studied = self.query_one("#model_studied", Checkbox).value

    def field_for(self, finding: "Finding") -> FormField | None:
        key = finding.path.removeprefix("huskurage.")
        return self.query_one(f"#f-{key}", FormField) if key in ("status", "date", "person", "notes") else None
