"""The dashboard's dialogs: type one value, settle a conflict with a colleague's change, the keys (F1).

Each returns a typed result through ``dismiss`` (STYLE.md 7); user text is
never markup (STYLE.md 10).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from wizard.i18n import t
from wizard.tui.tcss import beside

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
        field.cursor_blink = getattr(self.app, "cursor_blink", True)  # off in snapshots
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
        answer = self.answer()
        if answer is None:
            return
        self.dismiss(answer)
        app = self.app

        def after() -> None:  # the screen below saves what the answer changed, then goes on
            below = app.screen
            if hasattr(below, "save_before_quit"):
                below.save_before_quit(then)
            else:
                then()

        app.call_later(after)


# ------------------------------------------------------------------ a conflict with someone else's change


AGAIN, THEIRS, MINE = "again", "theirs", "mine"


class ConflictModal(ModalScreen[str | None]):
    """A city file changed on disk while the user had an unsaved change to it.

    Returns ``again`` (load theirs and make my change again on top: nothing
    lost), ``theirs`` (load theirs, drop mine), ``mine`` (overwrite theirs) or
    None (wait: keep my change unsaved, ask again on Ctrl+S).
    """

    DEFAULT_CSS = CSS
    BINDINGS = [Binding("escape", "dismiss(None)", show=False)]

    def __init__(self, name: str, file: str, changes: list[str]) -> None:
        super().__init__()
        self.city_name = name
        self.file = file
        self.changes = changes

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="conflict"):
            yield Static(t("dashboard.conflict.title", name=self.city_name), id="title", markup=False)
            mine = "\n".join(f"  • {c}" for c in self.changes)
            yield Static(t("dashboard.conflict.body", file=self.file, changes=mine), markup=False)
            with Vertical(id="choices"):
                for choice in (AGAIN, THEIRS, MINE, "wait"):
                    yield Button(t(f"dashboard.conflict.{choice}"), id=choice, compact=True)

    def on_mount(self) -> None:
        self.query_one(f"#{AGAIN}", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None if event.button.id == "wait" else event.button.id)


class QuitUnsaved(ModalScreen[bool]):
    """Asked before leaving while changes could not be saved: never dropped silently."""

    DEFAULT_CSS = CSS
    BINDINGS = [Binding("escape", "dismiss(False)", show=False)]

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


# ------------------------------------------------------------------ F1


class KeysHelp(ModalScreen[None]):
    """The keys of the screen it was opened from, from the one registry (keys.py), and the app's."""

    DEFAULT_CSS = CSS
    BINDINGS = [Binding("escape,f1,q", "dismiss(None)", show=False)]

    def __init__(self, title: str, intro: str, scopes: tuple[str, ...]) -> None:
        super().__init__()
        self.title_text = title
        self.intro = intro
        self.scopes = scopes

    def compose(self) -> ComposeResult:
        from wizard.tui import actions
        from wizard.tui.dashboard import keys

        with Vertical(id="dialog", classes="help"):
            yield Static(self.title_text, id="title", markup=False)
            with VerticalScroll(id="text"):
                yield Static(self.intro, markup=False)
                for scope in self.scopes:
                    shown = [k for k in keys.in_scope(scope) if k.show or scope.startswith("tab")]
                    if not shown:
                        continue
                    yield Static(t(f"dashboard.help.scope.{scope}"), classes="heading", markup=False)
                    yield Static("\n".join(f"{k.shown_key:<8} {k.label} — {k.help}" for k in shown), markup=False)
                yield Static(t("dashboard.help.scope.app"), classes="heading", markup=False)
                app_keys = [a for a in actions.ACTIONS if a.scope == "app"]
                yield Static("\n".join(f"{a.key:<8} {a.label} — {a.help}" for a in app_keys), markup=False)
            yield Static(t("dashboard.help.close"), id="keys", markup=False)
