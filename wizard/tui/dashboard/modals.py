"""The dashboard's dialogs: type one value; leave with changes that could not be saved.

Each returns a typed result through ``dismiss`` (STYLE.md 7); user text is
never markup (STYLE.md 10). The conflict question and F1 are the app's, one
for the wizard and the dashboard (``wizard/tui/conflict.py``, ``help.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from wizard.i18n import t
from wizard.tui.host import SavesFirst, host
from wizard.tui.tcss import beside
from wizard.tui.widgets.confirm import BUTTON_ARROWS

CSS = beside(__file__)


@dataclass(frozen=True)
class Answer:
    value: Any


class ValueModal(ModalScreen[Answer | None]):
    """One field: Enter keeps what was typed (when it parses), Esc keeps the old value."""

    DEFAULT_CSS = CSS
    BINDINGS = [Binding("escape", "dismiss(None)", show=False)]

    def __init__(self, title: str, value: str, parse: Callable[[str], Any], hint: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.parse = parse
        self.hint = hint
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.title_text, id="title", markup=False)
            yield Input(self.value, id="value", placeholder=self.placeholder, select_on_focus=False)
            yield Static("", id="error", markup=False)
            if self.hint:
                yield Static(self.hint, id="hint", markup=False)
            yield Static(t("dashboard.edit.keys"), id="keys", markup=False)

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.cursor_blink = host(self).cursor_blink  # off in snapshots
        field.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        answer = self.answer()
        if answer is not None:
            self.dismiss(answer)

    def answer(self) -> Answer | None:
        try:
            return Answer(self.parse(self.query_one(Input).value))
        except ValueError as error:
            self.query_one("#error", Static).update(str(error))
            return None

    def save_before_quit(self, then: Callable[[], object]) -> None:
        """Quitting with the dialog open keeps what was typed, as Enter would; a value that does not parse stops the quit."""
        quit_with(self, self.answer(), then)


def quit_with(dialog: ModalScreen[Any], answer: object, then: Callable[[], object]) -> None:
    """Quitting with a dialog open: its ``answer`` is kept as Enter would keep it, then the screen below saves.

    An answer of None (what was typed does not parse, or would be refused)
    stops the quit so it can be fixed, the reason beside the field; only when
    nobody is left to fix it (the terminal hung up) is it dropped.
    """
    if answer is None and not host(dialog).hung_up:
        return
    dialog.dismiss(answer)
    app = dialog.app

    def after() -> None:  # the screen below saves what the answer changed, then goes on
        below = app.screen
        if isinstance(below, SavesFirst):
            below.save_before_quit(then)
        else:
            then()

    app.call_later(after)


# ------------------------------------------------------------------ leaving with a conflict left waiting


class QuitUnsaved(ModalScreen[bool]):
    """Asked before leaving while changes could not be saved: never dropped silently."""

    DEFAULT_CSS = CSS
    BINDINGS = [Binding("escape", "dismiss(False)", show=False), *BUTTON_ARROWS]

    def __init__(self, names: list[str]) -> None:
        super().__init__()
        self.names = names

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="conflict"):
            yield Static(t("dashboard.unsaved.title"), id="title", markup=False)
            yield Static(t("dashboard.unsaved.body", names=", ".join(self.names)), markup=False)
            with Horizontal(id="buttons"):
                yield Button(t("dashboard.unsaved.stay"), id="stay", variant="primary", compact=True)
                yield Button(t("dashboard.unsaved.leave"), id="leave", variant="error", compact=True)

    def on_mount(self) -> None:
        self.query_one("#stay", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "leave")
