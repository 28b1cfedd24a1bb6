"""The first screen without a folder: start a new portfolio, open one (recent ones listed), or try the demo."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from wizard import model
from wizard.i18n import t
from wizard.tui import locations
from wizard.tui.host import host
from wizard.tui.widgets.fields import FormField, text_input


class WelcomeScreen(Screen):
    CSS_PATH = "welcome.tcss"

    def __init__(self, data_dir: Path | None = None) -> None:
        super().__init__(name="welcome")
        self.data_dir = data_dir
        self.recent = locations.recent(data_dir)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="welcome-body"):
            yield Static(t("tui.welcome.heading"), id="heading", markup=False)
            yield Static(t("tui.welcome.intro"), id="intro", markup=False)
            with Vertical(classes="box", id="new-box"):
                yield Static(t("tui.welcome.new_title"), classes="box-title", markup=False)
                with Horizontal(classes="row"):
                    yield FormField(
                        t("tui.welcome.folder"),
                        text_input(id="new-folder", kept=False, placeholder=t("tui.welcome.new_placeholder")),
                        id="new-field",
                    )
                    yield Button(t("tui.welcome.create"), id="create", variant="primary", compact=True)
            with Vertical(classes="box", id="open-box"):
                yield Static(t("tui.welcome.open_title"), classes="box-title", markup=False)
                with Horizontal(classes="row"):
                    yield FormField(
                        t("tui.welcome.folder"),
                        text_input(id="open-folder", kept=False, placeholder=t("tui.welcome.open_placeholder")),
                        id="open-field",
                    )
                    yield Button(t("tui.welcome.open"), id="open", compact=True)
                if self.recent:
                    yield Static(t("tui.welcome.recent"), classes="field--label", markup=False)
                    yield OptionList(
                        *[Option(Content(str(p)), id=str(i)) for i, p in enumerate(self.recent)],
                        id="recent",
                        markup=False,
                    )
            with Horizontal(id="demo-row"):
                yield Button(t("tui.welcome.demo"), id="demo", compact=True)
                yield Static(t("tui.welcome.demo_hint"), id="demo-hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#new-folder", Input).focus()

    # ----------------------------------------------------------- new

    @on(Button.Pressed, "#create")
    @on(Input.Submitted, "#new-folder")
    def create(self) -> None:
        field = self.query_one("#new-field", FormField)
        text = self.query_one("#new-folder", Input).value.strip()
        if not text:
            field.show_message(t("tui.welcome.need_folder"))
            return
        path = Path(text).expanduser()
        if (path / model.COMPANY_FILE).exists():
            field.show_message(t("tui.welcome.already_portfolio"))
            return
        if path.exists() and (not path.is_dir() or any(path.iterdir())):
            field.show_message(t("tui.welcome.not_empty"))
            return
        try:
            host(self).create_portfolio(path)
        except Exception as error:  # the store's messages are written for users
            field.show_message(getattr(error, "message", None) or str(error))

    # ----------------------------------------------------------- open

    @on(Button.Pressed, "#open")
    @on(Input.Submitted, "#open-folder")
    def open(self) -> None:
        field = self.query_one("#open-field", FormField)
        text = self.query_one("#open-folder", Input).value.strip()
        if not text:
            field.show_message(t("tui.welcome.need_folder"))
            return
        path = Path(text).expanduser()
        if not path.exists():
            field.show_message(t("tui.welcome.no_folder", path=str(path.absolute())))
            return
        if not (path / model.COMPANY_FILE).is_file():
            field.show_message(t("tui.welcome.no_portfolio", file=model.COMPANY_FILE))
            return
        host(self).open_portfolio(path)

    @on(OptionList.OptionSelected, "#recent")
    def open_recent(self, event: OptionList.OptionSelected) -> None:
        host(self).open_portfolio(self.recent[int(event.option.id or 0)])

    @on(Button.Pressed, "#demo")
    def demo(self) -> None:
        host(self).open_demo()
