"""The list of the ten steps with their state; Enter or a click jumps to a step."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from wizard.i18n import t
from wizard.tui.steps import STEPS
from wizard.tui.steps.state import ICONS, NOT_STARTED

_STATE_STYLE = {"done": "$text-success", "warnings": "$text-warning", "errors": "$text-error", "incomplete": "$text-accent"}


class StepList(OptionList):
    """Sidebar: one option per step, ``icon n Title``; the current step is highlighted.

    Narrow (below 100 columns) it shows only ``icon n``: the step's title is
    at the top of the step anyway, and at 80 columns the tables of partners
    and resources need the room (their phone numbers were cut off).
    """

    DEFAULT_CSS = """
    StepList { width: 22; height: 1fr; border: none; border-right: vkey $foreground 20%; padding: 0; }
    StepList:focus { border: none; border-right: vkey $accent; }
    StepList.-narrow { width: 6; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        self.narrow = "-narrow" in (classes or "").split()
        super().__init__(
            *[Option(self._prompt(s.number, NOT_STARTED), id=f"step-{s.number}") for s in STEPS], id=id, classes=classes, markup=False
        )
        self.states: dict[int, str] = {s.number: NOT_STARTED for s in STEPS}
        self.can_focus = True

    def _prompt(self, number: int, state: str) -> Content:
        info = STEPS[number - 1]
        icon = Content.styled(ICONS[state], _STATE_STYLE.get(state, "$text-muted"))
        return Content.assemble(icon, f" {number:>2}") if self.narrow else Content.assemble(icon, f" {number:>2} ", info.short)

    def set_states(self, states: dict[int, str]) -> None:
        """Redraw the steps whose state changed (each redraw re-measures the list)."""
        for number, state in states.items():
            if self.states.get(number) != state:
                self.replace_option_prompt(f"step-{number}", self._prompt(number, state))
        self.states = dict(states)

    def set_narrow(self, narrow: bool) -> None:
        if narrow != self.narrow:
            self.narrow = narrow
            for number, state in self.states.items():
                self.replace_option_prompt(f"step-{number}", self._prompt(number, state))
        self.set_class(narrow, "-narrow")

    def state_label(self, number: int) -> str:
        return t(f"tui.state.{self.states[number]}")
