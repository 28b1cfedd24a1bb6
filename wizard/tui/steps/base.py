"""What every step shares: load from the model, write back to it, check on Next (STYLE.md 6, 7, 8).

A step is a scrollable form. ``load`` fills the widgets from the portfolio
(inside ``prevent`` so nothing looks edited), ``to_model`` writes them back,
``check`` validates the whole step — first what was typed (does it parse,
is it required), then the core's findings for the fields this step owns —
and shows each message beside its field.
"""

from __future__ import annotations

import copy
import functools
import importlib
from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterable, Iterator

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.walk import walk_depth_first
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

from wizard.i18n import language, t
from wizard.tui.host import host
from wizard.tui.steps import StepInfo
from wizard.tui.steps.state import city_code_of, step_of
from wizard.tui.widgets.fields import FieldInput, FormField

if TYPE_CHECKING:
    from textual.widgets import Select

    from wizard.model import City, Portfolio
    from wizard.tui.session import Session
    from wizard.validation import Finding


def load_messages(*widget_types: type) -> tuple[type, ...]:
    """The change messages of these widget types: what loading from the model must not fire."""
    names = ("Changed", "SelectedChanged")
    return (Input.Changed, *[getattr(w, n) for w in widget_types for n in names if hasattr(w, n)])


class Step(VerticalScroll):
    """Base class of the ten steps."""

    class Visited(Message):
        """The user went through the step some other way than Next (an export from step 10): count it as visited."""

        def __init__(self, number: int) -> None:
            super().__init__()
            self.number = number

    DEFAULT_CSS = """
    Step { padding: 0 1; }
    Step > .step--title { text-style: bold; color: $accent; margin: 0 0 0 0; }
    Step > .step--intro { color: $text-muted; margin: 0 0 1 0; }
    Step > .step--problems { color: $text-error; display: none; margin: 0 0 1 0; }
    Step > .step--problems.-warning-only { color: $text-warning; }
    Step > .step--problems:focus { background: $error 15%; }
    Step > .step--problems.-show { display: block; }
    """

    info: StepInfo
    #: Messages this step's widgets send while loaded from the model (STYLE.md 8); none is an edit.
    LOAD_MESSAGES: tuple[type, ...] = (Input.Changed,)

    def __init__(self, session: "Session", info: StepInfo) -> None:
        super().__init__(id=f"step-{info.key}", classes="step")
        self.session = session
        self.info = info
        self._problems_shown: tuple[str, bool] = ("", False)  # the problems box as shown: text, visible
        self._city_options: tuple[tuple[str, str], ...] | None = None  # what fill_city_select last put in
        self._drawn: dict[str, object] = {}  # view -> what it was drawn from (see unchanged)
        self._rechecking = False  # a Next checked the step: changes check it again until it is shown anew

    # ----------------------------------------------------------- building

    def compose(self) -> ComposeResult:
        yield Static(f"{self.info.number}. {self.info.title}", classes="step--title", markup=False)
        intro = t(f"tui.step.{self.info.key}.intro")
        if intro:
            yield Static(intro, classes="step--intro", markup=False)
        problems = Static("", classes="step--problems", markup=False)
        problems.can_focus = True  # a refused Next puts the focus here when no field is to blame
        yield problems
        yield from self.compose_form()

    def compose_form(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        for area in self.query(TextArea):
            area.cursor_blink = host(self).cursor_blink

    # ----------------------------------------------------------- model

    def load(self, portfolio: "Portfolio") -> None:
        """Fill the widgets from the model without firing change messages."""
        with self.prevent(*self.LOAD_MESSAGES):
            self.load_fields(portfolio)
            self._overlay_drafts()
        self.clear_messages()

    def load_fields(self, portfolio: "Portfolio") -> None:
        raise NotImplementedError

    def to_model(self, portfolio: "Portfolio") -> "Portfolio":
        """Write what parses into the model; keep what does not as a draft.

        Text the case-data guard refuses is neither (:meth:`FieldInput.refusal`):
        the model keeps what it held and no draft remembers it, so Next, Ctrl+Q
        and a closed terminal alike leave it out of every file.
        """
        self.write_fields(portfolio)
        for key, widget in self.draft_fields():
            if widget.parses() or widget.refusal():
                self.session.drafts.pop(key, None)
            else:
                self.session.drafts[key] = widget.value
        return portfolio

    def write_fields(self, portfolio: "Portfolio") -> None:
        raise NotImplementedError

    @contextmanager
    def editing(self, city: "City") -> Iterator["City"]:
        """Write the form into one city; the session hears of it (``touch``) only when something changed.

        Leaving a step writes it back every time; a city touched for nothing
        would be validated again and redraw every view of the portfolio.
        """
        before = copy.deepcopy(city)
        try:
            yield city
        finally:
            if city != before:
                self.session.touch(city.code)

    def draft_fields(self) -> Iterator[tuple[str, FieldInput]]:
        """Fields whose unparsable text is kept across quit and reopen, with their draft keys."""
        for widget in self.query(FieldInput):
            if widget.id:
                yield self.draft_key(widget), widget

    def unchanged(self, view: str, *also: object) -> bool:
        """Whether ``view`` was drawn from this very portfolio (and ``also``, and language); if not, remember it now.

        For what a step draws from all 290 cities (tables, previews): shown again
        unchanged, the step skips redrawing it.
        """
        key = (self.session.stamp(), language(), *also)
        if self._drawn.get(view) == key:
            return True
        self._drawn[view] = key
        return False

    def fill_city_select(self, select: "Select", portfolio: "Portfolio") -> None:
        """The cities as "Name (code)" options, keeping the chosen one (else the first).

        The options are replaced only when the cities changed: rebuilding 290 of
        them each time the step is shown is most of the cost of showing it.
        """
        from rich.text import Text

        cities = tuple((c.code, c.name) for c in portfolio.sorted_cities())
        if cities != self._city_options:
            self._city_options = cities
            previous = select.value
            select.set_options([(Text(f"{name} ({code})"), code) for code, name in cities])
            codes = [code for code, _ in cities]
            if codes:
                select.value = previous if previous in codes else codes[0]

    def draft_key(self, widget: FieldInput) -> str:
        return f"{self.info.key}.{widget.id}"

    def _overlay_drafts(self) -> None:
        for key, widget in self.draft_fields():
            if key in self.session.drafts:
                widget.value = self.session.drafts[key]

    # ----------------------------------------------------------- checking

    def owns(self, finding: "Finding") -> bool:
        return step_of(finding) == self.info.number

    def field_for(self, finding: "Finding") -> FormField | None:
        """The field beside which a finding is shown; None shows it at the top of the step."""
        return None

    def visible_findings(self, findings: Iterable["Finding"]) -> list["Finding"]:
        return [f for f in findings if self.owns(f)]

    def check(self, move_focus: bool = True) -> bool:
        """Validate the whole step, show every message, and say whether Next may go on.

        The focus goes to the first field in error; when no field is to blame
        (another municipality, a rule across fields, a step-wide need), to the
        box of problems at the top: what is typed next never lands, unnoticed,
        in the field that was being edited. From then on every change checks
        the step again (without moving the focus), so the messages, warnings too,
        follow the typing until the step is left.
        """
        self._rechecking = True
        self.clear_messages()
        ok = True
        first: FormField | None = None
        for form_field in self.query(FormField):
            if form_field.display:
                problem = form_field.problem()
                if problem:
                    form_field.show_message(problem)
                    ok = False
                    first = first or form_field
        self.to_model(self.session.portfolio)
        general: list[str] = []
        for finding in self.visible_findings(self.session.findings()):
            target = self.field_for(finding)
            if target is not None and target.message:
                continue  # a typing problem is already shown there
            text = finding.message()
            if target is not None:
                target.show_message(text, finding.severity)
            else:
                code = city_code_of(finding)
                prefix = f"{self._city_name(code)}: " if code else ""
                general.append(("▲ " if finding.severity == "warning" else "✖ ") + prefix + text)
            if finding.severity == "error":
                ok = False
                if target is not None and target.control.focusable:
                    first = first or target
        for line, blocks in self.step_problems():
            general.append(line)
            ok = ok and not blocks
        self.show_problems(general)
        if not move_focus:
            pass
        elif first is not None:
            first.scroll_visible()
            focus_now(first.control)
        elif not ok:
            box = self.query_one(".step--problems", Static)
            box.scroll_visible()
            focus_now(box)
        return ok

    def _changed_after_check(self) -> None:
        if self._rechecking:
            self.call_later(self.check, False)  # after the step's own handler has written the change

    # Any answer changed (by name, so no widget module is imported for it): check again once a Next has checked.
    on_input_changed = on_text_area_changed = on_checkbox_changed = on_radio_set_changed = _changed_after_check
    on_select_changed = on_selection_list_selected_changed = _changed_after_check

    def step_problems(self) -> list[tuple[str, bool]]:
        """What this step checks beyond its fields and the core's findings: (the line to show, whether it blocks Next)."""
        return []

    def pending_drafts(self, selected: str | None) -> list[tuple[str, bool]]:
        """Municipalities other than the one shown with a value in this step that could not be saved: each blocks Next."""
        prefix = f"{self.info.key}."
        pending = sorted({k.split(".")[1] for k in self.session.drafts if k.startswith(prefix) and k.count(".") == 2} - {selected})
        return [("✖ " + t("tui.municipalities.pending_draft", name=self._city_name(code)), True) for code in pending]

    def _city_name(self, code: str) -> str:
        city = self.session.portfolio.cities.get(code)
        return city.name if city and city.name else code

    def show_problems(self, lines: list[str]) -> None:
        shown = ("\n".join(lines), bool(lines))
        if shown == self._problems_shown:
            return  # nothing new: no relayout
        self._problems_shown = shown
        box = self.query_one(".step--problems", Static)
        box.update(shown[0])
        box.set_class(shown[1], "-show")
        box.set_class(all(line.startswith("▲") for line in lines), "-warning-only")

    def clear_messages(self) -> None:
        for form_field in self.query(FormField):
            form_field.show_message(None)
        self.show_problems([])

    def on_show_step(self) -> None:
        """Called after ``load`` each time the step is shown: focus the first field."""
        self._rechecking = False
        for widget in walk_depth_first(self, Widget, with_root=False):
            if _is_field(type(widget)) and widget.focusable and widget.display:
                focus_now(widget, scroll_visible=False)
                break
        self.scroll_home(animate=False)


def focus_now(widget: Widget, scroll_visible: bool = True) -> None:
    """Focus ``widget`` at once, not after the keys already queued (``Widget.focus`` waits for them).

    A user who goes on typing right after Next or a refused Next must type into
    the field now shown, never into one of the step just left (hidden, and saved).
    """
    widget.screen.set_focus(widget, scroll_visible=scroll_visible)


#: What a step focuses first when shown (by class name, as a CSS type selector matches: subclasses too).
FIELD_TYPES = frozenset(
    {"Input", "Select", "RadioSet", "Checkbox", "Switch", "OptionList", "DataTable", "TextArea", "SelectionList", "Button"}
)


@functools.cache
def _is_field(cls: type) -> bool:
    """Walking the step and asking this is cheaper than a ten-selector query over every widget on each show."""
    return any(base.__name__ in FIELD_TYPES for base in cls.__mro__)


def step_class(info: StepInfo) -> type[Step]:
    """The step's widget class, its module imported the first time the step is shown (STYLE.md 18)."""
    cls: type[Step] = getattr(importlib.import_module(f"wizard.tui.steps.{info.module}"), info.cls)
    return cls
