"""F1: what the current step is for, what the rollout checklist says about it, and the keys."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from wizard.i18n import t
from wizard.tui import actions
from wizard.tui.steps import StepInfo
from wizard.tui.tcss import beside


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = beside(__file__)
    BINDINGS = [Binding("escape,f1,q", "dismiss(None)", show=False)]

    def __init__(self, info: StepInfo | None) -> None:
        super().__init__()
        self.info = info

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            title = t("tui.help.title_step", number=self.info.number, title=self.info.title) if self.info else t("tui.help.title")
            yield Static(title, id="title", markup=False)
            with VerticalScroll(id="text"):
                if self.info:
                    yield Static(self.info.help, markup=False)
                yield Static(t("tui.help.keys"), classes="heading", markup=False)
                keys = "\n".join(f"{a.key:<8} {a.label} — {a.help}" for a in actions.ACTIONS)
                yield Static(keys + "\n" + t("tui.help.general_keys"), markup=False)
            yield Static(t("tui.help.close"), id="close", markup=False)
