"""The customer survey (NKI) of one municipality, recorded from the dashboard: a small form in a dialog.

What ``huskurage survey`` records, typed in fields: the day the survey
closed, how many answered and, per question of ``checklists/nki.toml``, the
share answering yes in percent (a question left empty was not asked).
Aggregates only, never an individual answer (DESIGN.md Privacy).

The rules are the core's, one copy for the CLI and the dashboard: each field
reads its text with :mod:`wizard.parse`; the survey is then tried as the
dashboard would save it (``check`` passed as ``try_survey``: ``progress.record_survey``
through ``Dashboard.try_edit``), and what it refuses (a share over 100 %, no
respondents, a date in the future, no share at all) is shown beside the field
it is about, with nothing saved. Tab and Shift+Tab move between the fields,
Enter saves from any of them, Esc leaves without saving.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from wizard import model
from wizard.i18n import language, t
from wizard.progress import Refused
from wizard.tui.dashboard.modals import quit_with
from wizard.tui.tcss import beside
from wizard.tui.widgets.fields import FieldInput, FormField, date_input, float_input, int_input

if TYPE_CHECKING:
    from wizard.catalog import Catalog

CSS = beside(__file__)

#: Where a refusal points (``surveys.respondents``, ``surveys[2].yes.aware`` from check's findings): the field's id.
_PLACE = re.compile(r"^surveys(?:\[\d+\])?\.(?P<field>date|respondents|yes)(?:\.(?P<question>.+))?$")


class SurveyModal(ModalScreen["model.Survey | None"]):
    """Date, respondents and a share per question; dismissed with the survey once the core accepts it."""

    DEFAULT_CSS = CSS
    BINDINGS = [Binding("escape", "dismiss(None)", show=False)]

    def __init__(self, title: str, catalog: "Catalog", today: dt.date, try_survey: Callable[[model.Survey], object]) -> None:
        super().__init__()
        self.title_text = title
        self.questions = list(catalog.questions)
        self.today = today
        self.try_survey = try_survey  # raises Refused (or ValueError) when the survey may not be saved

    def compose(self) -> ComposeResult:
        lang = language()
        with Vertical(id="dialog"):
            yield Static(self.title_text, id="title", markup=False)
            with VerticalScroll(id="fields"):
                yield Static(t("dashboard.survey.intro"), classes="intro", markup=False)
                yield FormField(t("dashboard.survey.date"), date_input(id="survey-date", value=self.today.isoformat()), id="field-date")
                yield FormField(t("dashboard.survey.respondents"), int_input(id="survey-respondents"), id="field-respondents")
                yield Static(t("dashboard.survey.shares"), classes="intro", markup=False)
                for q in self.questions:
                    yield FormField(q.short(lang), float_input(id=f"survey-{q.id}", placeholder="%"), id=f"field-{q.id}")
            yield Static("", id="error", markup=False)
            yield Static(t("dashboard.survey.keys"), id="keys", markup=False)

    def on_mount(self) -> None:
        self.query_one("#error", Static).display = False
        self.query_one("#survey-respondents", Input).focus()  # the date is today's unless the survey closed earlier

    # ---------------------------------------------------------------- reading the form

    def fields(self) -> list[FormField]:
        return list(self.query(FormField))

    def survey(self) -> model.Survey | None:
        """The survey typed, once every field reads; else None, with each field's message beside it."""
        unreadable = False
        for field in self.fields():
            problem = field.control.problem() if isinstance(field.control, FieldInput) else None
            field.show_message(problem)
            unreadable |= problem is not None
        if unreadable:
            return None
        yes: dict[str, float] = {}
        for q in self.questions:
            share = self._input(q.id).parsed()
            if share is not None:
                yes[q.id] = share
        return model.Survey(date=self._input("date").parsed(), respondents=self._input("respondents").parsed(0), yes=yes)

    def _input(self, name: str) -> FieldInput:
        return self.query_one(f"#survey-{name}", FieldInput)

    def answer(self) -> model.Survey | None:
        """The survey if the core accepts it; else None, with the reason beside the field it is about."""
        survey = self.survey()
        if survey is None:
            return None
        self._say("")
        try:
            self.try_survey(survey)
        except Refused as refused:
            self._refused(refused.where, refused.message())
            return None
        except ValueError as error:  # refused for the municipality as a whole (check's other rules)
            self._say(str(error))
            return None
        return survey

    def _refused(self, where: str, message: str) -> None:
        found = _PLACE.match(where)
        field_id = None
        if found:
            field_id = found["question"] or (self.questions[0].id if found["field"] == "yes" and self.questions else found["field"])
        fields = self.query(f"#field-{field_id}") if field_id else None
        if not fields:
            self._say(message)
            return
        field = fields.first(FormField)
        field.show_message(message)
        field.control.focus()

    def _say(self, message: str) -> None:
        """A refusal that is about no one field, below them all (the line takes no room when empty)."""
        error = self.query_one("#error", Static)
        error.update(message)
        error.display = bool(message)

    # ---------------------------------------------------------------- keys

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        survey = self.answer()
        if survey is not None:
            self.dismiss(survey)

    def save_before_quit(self, then: Callable[[], object]) -> None:
        """Quitting with the form open saves the survey as Enter would; one the core refuses stops the quit, to be fixed."""
        quit_with(self, self.answer(), then)
