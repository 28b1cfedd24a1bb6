"""A portfolio that fails to load: say which file, where and why; never touch it; offer another."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Static

from wizard.i18n import t
from wizard.tui.host import host


def describe(error: BaseException) -> str:
    """Every problem the store found, each naming file, line and column in plain words."""
    errors = getattr(error, "errors", None) or [error]
    return "\n".join("• " + (getattr(e, "message", None) or str(e)) for e in errors)


class LoadErrorScreen(Screen):
    CSS_PATH = "load_error.tcss"

    def __init__(self, path: Path, error: BaseException) -> None:
        super().__init__(name="load-error")
        self.path = path
        self.error = error

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="box"):
            yield Static(t("tui.load_error.title", folder=str(self.path)), id="title", markup=False)
            yield Static(describe(self.error), id="detail", markup=False)
            yield Static(t("tui.load_error.untouched"), id="untouched", markup=False)
            with Horizontal(id="buttons"):
                yield Button(t("tui.load_error.other"), id="other", variant="primary", compact=True)
                yield Button(t("tui.load_error.retry"), id="retry", compact=True)
                yield Button(t("tui.load_error.quit"), id="quit", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#other", Button).focus()

    @on(Button.Pressed, "#other")
    def other(self) -> None:
        host(self).show_welcome()

    @on(Button.Pressed, "#retry")
    def retry(self) -> None:
        host(self).open_portfolio(self.path)

    @on(Button.Pressed, "#quit")
    def quit(self) -> None:
        self.app.exit()
