"""A yes/no question in a modal; returns True for yes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


#: In a dialog of buttons, the arrow keys move between them as Tab and Shift+Tab do.
BUTTON_ARROWS = [
    Binding(key, f"app.focus_{way}", show=False)
    for key, way in (("left", "previous"), ("up", "previous"), ("right", "next"), ("down", "next"))
]


class Confirm(ModalScreen[bool]):
    DEFAULT_CSS = """
    Confirm { align: center middle; }
    Confirm > Vertical { width: 60; max-width: 95%; height: auto; border: thick $warning; background: $surface; padding: 1 2; }
    Confirm Horizontal { height: auto; margin-top: 1; }
    Confirm Button { margin-right: 2; }
    """
    BINDINGS = [Binding("escape", "dismiss(False)", show=False), *BUTTON_ARROWS]

    def __init__(self, question: str, yes: str, no: str, *, danger: bool = True) -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes, no
        self.danger = danger  # yes removes something (red), or it only makes something (the primary colour)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, markup=False)
            with Horizontal():
                yield Button(self.yes, id="yes", variant="error" if self.danger else "primary", compact=True)
                yield Button(self.no, id="no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")
