"""The Textual app and the factory the CLI and the tests share (STYLE.md 5).

``make_app(None)`` opens the welcome screen (new, recent, demo);
``make_app(DIR)`` opens that portfolio at its first incomplete step;
``make_app(None, demo=True)`` opens a fresh copy of the demo in a temporary
folder. Screens are imported when first shown, so start-up pays only for
the welcome screen or the wizard's first step (STYLE.md 18).

A second top-level screen, the dashboard (issue 5), plugs in at
:meth:`HuskurageApp.start_screen`: ``SCREENS_BY_NAME`` maps a name to the
module and class of a screen that takes a :class:`Session`.
"""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App

from wizard import i18n, memory, terminal
from wizard.i18n import t
from wizard.tui import bindings
from wizard.tui.host import SavesFirst, SwitchesLanguage
from wizard.tui.terminal_filter import INERT
from wizard.tui.watch import Every, Trigger

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.driver import Driver
    from textual.content import Content
    from textual.filter import LineFilter
    from textual.notifications import SeverityLevel
    from textual.screen import Screen

    from wizard.catalog import Catalog
    from wizard.tui.session import Session

THEMES = ("textual-dark", "textual-light")

#: Seconds a hang-up (SIGHUP, SIGTERM, the terminal gone) leaves the save before the app leaves regardless.
LAST_WORD_SECONDS = 10

#: Top-level screens that show an open portfolio: name -> (module, class). The dashboard adds itself here.
SCREENS_BY_NAME: dict[str, tuple[str, str]] = {
    "wizard": ("wizard.tui.wizard_screen", "WizardScreen"),
    "dashboard": ("wizard.tui.dashboard.screen", "DashboardScreen"),
}


def palette() -> "type[Provider]":
    """Ctrl+P's entries (commands.py), imported when the palette first opens."""
    from wizard.tui.commands import Commands

    return Commands


class HuskurageApp(App[None]):
    CSS_PATH = "app.tcss"
    COMMANDS = {palette}  # Ctrl+P: every key that acts where it opens, the steps or the municipalities, the theme

    def __init__(
        self,
        path: Path | None = None,
        *,
        demo: bool = False,
        data_dir: Path | None = None,
        today: dt.date | None = None,
        cursor_blink: bool = True,
        theme: str = "textual-dark",
        start_step: int | None = None,
        catalog: "Catalog | None" = None,
        outside_trigger: Trigger | None = None,
    ) -> None:
        super().__init__()
        memory.skip_final_collection()  # quitting does not wait for a last collection of every widget
        bindings.install(self, "app")
        self.path = Path(path) if path is not None else None
        self.demo = demo
        self.data_dir = data_dir
        self.today = today or dt.date.today()
        self.cursor_blink = cursor_blink
        self.start_step = start_step
        self.last_step: int | None = None  # the wizard's step when F2 left it for the dashboard
        self._catalog = catalog
        self.session: "Session | None" = None
        #: The user is gone (the window closed, SIGHUP, SIGTERM): save as Ctrl+Q does, ask nothing (hang_up).
        self.hung_up = False
        #: When the open screen looks for files someone else changed: every 2 s; by hand in tests (watch.py).
        self.outside_trigger: Trigger = outside_trigger or Every()
        self.title = t("tui.app.title")
        self.theme = theme

    def get_driver_class(self) -> "type[Driver]":
        """Textual's driver; in a terminal on Linux and macOS the one that saves on a hang-up (terminal.py),
        in a browser the one that writes each packet to the server whole (web_driver.py)."""
        driver = super().get_driver_class()
        if driver.__name__ == "LinuxDriver" and driver.__module__ == "textual.drivers.linux_driver":
            from wizard.tui.terminal import Terminal

            return Terminal
        if driver.__name__ == "WebDriver" and driver.__module__ == "textual.drivers.web_driver":
            from wizard.tui.web_driver import WebDriver

            return WebDriver
        return driver

    # ----------------------------------------------------------- what reaches the terminal

    def get_line_filters(self) -> "list[LineFilter]":
        """Textual's filters, and last :data:`INERT`: nothing a terminal obeys leaves any line drawn."""
        return [*super().get_line_filters(), INERT]

    def format_title(self, title: str, sub_title: str) -> "Content":
        """The header's title and sub-title (a company's name), escapes written out as the command line shows them."""
        return super().format_title(terminal.shown(title), terminal.shown(sub_title))

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: "SeverityLevel" = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification (screens and widgets call this one), escapes written out as the command line shows them."""
        super().notify(terminal.shown(message), title=terminal.shown(title), severity=severity, timeout=timeout, markup=markup)

    @property
    def catalog(self) -> "Catalog":
        if self._catalog is None:
            from wizard import catalog

            self._catalog = catalog.load()
        return self._catalog

    # ----------------------------------------------------------- start

    def on_load(self) -> None:
        memory.pause_while_starting()  # back on once the first screen is drawn (_replace_top), at the latest in 5 s
        self.set_timer(5, memory.started)

    def on_unmount(self) -> None:
        memory.started()

    def on_mount(self) -> None:
        if self.demo:
            self.open_demo()
        elif self.path is not None and not self.path.expanduser().exists() and not self.is_web:
            self.ask_to_create(self.path)
        elif self.path is not None:
            self.show_loading(self.path)
            self.call_after_refresh(self.open_portfolio, self.path, create_if_missing=True)
        else:
            self.show_welcome()

    def show_loading(self, path: Path) -> None:
        """"Läser in 290 kommuner…" on the first frame: reading a large portfolio takes seconds, and a blank terminal looks hung."""
        from textual.widgets import Static

        from wizard import model

        try:
            n = sum(1 for _ in (path.expanduser() / model.CITIES_DIR).glob("*.toml"))
        except OSError:
            n = 0
        text = t("tui.app.loading", n=n) if n else t("tui.app.loading_portfolio")
        self.screen.mount(Static(text, id="loading", markup=False))

    def ask_to_create(self, path: Path) -> None:
        """``huskurage DIR`` for a folder that does not exist: a mistyped path, or a new portfolio? Ask.

        Creating an empty portfolio unasked made a user think their data was gone.
        No (Enter's choice) leads to the welcome screen, where the folder can be typed again.
        """
        from wizard.tui.widgets.confirm import Confirm

        def answer(create: bool | None) -> None:
            if create:
                self.open_portfolio(path, create_if_missing=True)
            else:
                self.show_welcome()

        question = t("tui.app.create_missing", path=str(path.expanduser().absolute()))
        self.push_screen(Confirm(question, t("tui.app.create_yes"), t("tui.app.create_no"), danger=False), answer)

    def show_welcome(self) -> None:
        if self.is_web:
            # Served (huskurage serve): a browser stays on the server's portfolio; the welcome screen
            # would let it open or create folders anywhere on the server.
            self.notify(t("tui.app.served_one_portfolio"), timeout=6)
            return
        from wizard.tui.welcome import WelcomeScreen

        self._replace_top(WelcomeScreen(data_dir=self.data_dir))

    def _replace_top(self, screen: "Screen") -> None:
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
            screen.call_after_refresh(memory.screen_replaced)  # the screen that went is collected, once
        else:
            self.push_screen(screen)
        screen.call_after_refresh(memory.started)

    def open_portfolio(self, path: Path, *, create_if_missing: bool = False) -> bool:
        """Open a portfolio; a folder without one is created when asked (``huskurage NEWDIR``)."""
        from wizard import model
        from wizard.store import StoreError
        from wizard.tui.session import Session

        path = Path(path).expanduser()
        try:
            if create_if_missing and not (path / model.COMPANY_FILE).exists() and (not path.exists() or not any(path.iterdir())):
                session = Session.create(path, model.Portfolio(), self.catalog, data_dir=self.data_dir)
            else:
                session = Session.open(path, self.catalog, data_dir=self.data_dir)
        except (StoreError, OSError) as error:
            self.show_load_error(path, error)
            return False
        self.start_screen(session, self.choose_screen(session))
        return True

    def choose_screen(self, session: "Session") -> str:
        """Which top-level screen an opened portfolio lands on.

        The dashboard once the wizard's company-level steps are complete (the
        wizard is one key away, F2); the wizard before that, or when a step was asked for.
        """
        if self.start_step is not None:
            return "wizard"
        from wizard.tui.dashboard.landing import company_steps_done

        return "dashboard" if company_steps_done(session, self.today) else "wizard"

    def create_portfolio(self, path: Path) -> None:
        from wizard import model
        from wizard.tui.session import Session

        session = Session.create(Path(path).expanduser(), model.Portfolio(), self.catalog, data_dir=self.data_dir)
        self.start_screen(session, start=1)

    def open_demo(self) -> None:
        import tempfile

        from wizard.demo import demo_logos, demo_portfolio
        from wizard.tui.session import Session

        root = Path(tempfile.mkdtemp(prefix="huskurage-demo-")) / "demo"
        session = Session.create(root, demo_portfolio(), self.catalog, data_dir=self.data_dir)
        for relative, data in demo_logos().items():  # the placeholders its signs show
            (root / relative).write_bytes(data)
        self.start_screen(session, self.choose_screen(session))  # where any portfolio this complete lands

    def show_load_error(self, path: Path, error: BaseException) -> None:
        from wizard.tui.load_error import LoadErrorScreen

        self._replace_top(LoadErrorScreen(path, error))

    def start_screen(self, session: "Session", name: str = "wizard", start: int | str | None = None) -> None:
        """Show an open portfolio on one of the top-level screens: the wizard (at step ``start``), the dashboard
        (with municipality ``start`` open)."""
        module, cls = SCREENS_BY_NAME[name]
        if session is not self.session:
            self.last_step = None  # another portfolio: its own first unfinished step
        self.session = session
        screen_cls = getattr(importlib.import_module(module), cls)
        self._replace_top(screen_cls(session, start=start or self.start_step))

    # ----------------------------------------------------------- actions

    def action_help(self) -> None:
        """F1: help for the screen shown (the wizard: its step), with its keys; F1 again closes it."""
        from wizard.tui.help import HasHelp, HelpScreen, general_topic

        screen = self.screen
        if isinstance(screen, HelpScreen):
            screen.dismiss(None)
        else:
            self.push_screen(HelpScreen(screen.help_topic() if isinstance(screen, HasHelp) else general_topic()))

    def action_switch_view(self) -> None:
        """F2: from the wizard to the dashboard and back; what is being edited is saved first."""
        screen, session = self.screen, self.session
        if session is None or not isinstance(screen, SavesFirst):
            return
        if screen.name == "wizard":
            self.last_step = getattr(screen, "step", None)  # F2 back returns to it, not to the first unfinished step
            screen.save_before_quit(lambda: self.start_screen(session, "dashboard"))
        else:
            screen.save_before_quit(lambda: self.start_screen(session, "wizard", self.last_step))

    def action_toggle_theme(self) -> None:
        self.theme = THEMES[1] if self.theme == THEMES[0] else THEMES[0]

    def switch_language(self) -> None:
        """Swedish/English for what is drawn from now on; the screen shown is rebuilt by whoever asked."""
        i18n.set_language("en" if i18n.language() == "sv" else "sv")
        self.title = t("tui.app.title")
        bindings.install(self, "app")  # F1, Ctrl+Q ... are labelled in the new language too
        self.refresh_bindings()

    def action_toggle_language(self) -> None:
        """F8: the other language; a screen showing the portfolio is rebuilt where it was, saved first."""
        screen = self.screen
        if self.session is None:
            self.switch_language()
            self.show_welcome()
        elif isinstance(screen, SwitchesLanguage):
            screen.action_toggle_language()

    def action_open_other(self) -> None:
        screen = self.screen
        if isinstance(screen, SavesFirst):
            screen.save_before_quit(self.show_welcome)
        else:
            self.show_welcome()

    async def action_quit(self) -> None:
        """Save the step being edited, then leave (a conflict on disk is asked about first).

        Also from a dialog over the wizard (a partner being edited is not kept,
        the rest is); from the conflict question itself, leave without saving.
        Ctrl+Q is a priority binding: the quit waits for the keys typed just before
        it to reach the focused field, so they are saved too.
        """
        if not (self.focused or self).call_later(self._quit):
            self.call_later(self._quit)

    def _quit(self) -> None:
        from wizard.tui.conflict import ConflictScreen

        saving = next((s for s in reversed(self.screen_stack) if isinstance(s, SavesFirst)), None)
        if saving is None or isinstance(self.screen, ConflictScreen):
            self.exit()
            return
        while not isinstance(self.screen, SavesFirst):  # down to ``saving``, the topmost that saves first
            self.pop_screen()
        saving.save_before_quit(self.exit)

    def hang_up(self) -> None:
        """The terminal went away, or the program was told to stop (SIGHUP, SIGTERM): save as Ctrl+Q does, then leave.

        Nobody is there to answer a question: a conflict with someone else's
        change is settled by Enter's choice, the one that loses nothing (both
        count where they changed different fields; otherwise that file waits,
        unsaved, and the rest is saved). Should saving itself hang, the app
        leaves after :data:`LAST_WORD_SECONDS`.
        """
        from wizard.tui.conflict import ConflictScreen

        if self.hung_up:
            return
        self.hung_up = True
        self.set_timer(LAST_WORD_SECONDS, self.exit)
        screen = self.screen
        if isinstance(screen, ConflictScreen):
            screen.dismiss(screen.safe)
        self.call_later(self._quit)

    def action_help_quit(self) -> None:
        self.notify(t("tui.app.how_to_quit"), timeout=3)

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            key = "tui.palette.placeholder_dashboard" if self.screen.name == "dashboard" else "tui.palette.placeholder"
            self.push_screen(CommandPalette(id="--command-palette", placeholder=t(key)))


def make_app(
    path: Path | None = None,
    *,
    lang: str | None = None,
    demo: bool = False,
    data_dir: Path | None = None,
    today: dt.date | None = None,
    cursor_blink: bool = True,
    theme: str = "textual-dark",
    start_step: int | None = None,
    **kwargs: Any,
) -> HuskurageApp:
    """Build the app; the CLI runs it, tests drive it with ``run_test`` or snapshots."""
    i18n.set_language(lang or i18n.default_language())
    return HuskurageApp(
        path,
        demo=demo,
        data_dir=data_dir,
        today=today,
        cursor_blink=cursor_blink,
        theme=theme,
        start_step=start_step,
        **kwargs,
    )
