"""F1: one help dialog for every screen: what the screen (or the wizard's step) is for, then its keys by scope.

A screen says what its help holds by answering :meth:`HasHelp.help_topic`:
a title, an introduction and the keymap's scopes that act there. The keys
come from the one registry (:mod:`wizard.tui.keymap`), the app's own keys
("everywhere") and the keys every dialog knows are added to every topic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from wizard.i18n import t
from wizard.tui import keymap
from wizard.tui.tcss import beside


@dataclass(frozen=True)
class HelpTopic:
    title: str
    intro: str = ""
    scopes: tuple[str, ...] = ()  # the keymap's scopes that act on the screen, most specific first


@runtime_checkable
class HasHelp(Protocol):
    """A screen whose F1 says more than the app's keys."""

    def help_topic(self) -> HelpTopic: ...


def general_topic() -> HelpTopic:
    """Where no screen has more to say (the welcome screen, the load error): the keys."""
    return HelpTopic(t("tui.help.title"))


def keys_text(scope: str) -> str:
    return "\n".join(f"{k.shown_key:<8} {k.label} — {k.help}" for k in keymap.in_scope(scope))


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = beside(__file__)
    BINDINGS = [Binding("escape,f1,q", "dismiss(None)", show=False)]

    def __init__(self, topic: HelpTopic) -> None:
        super().__init__()
        self.topic = topic

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.topic.title, id="title", markup=False)
            with VerticalScroll(id="text"):
                if self.topic.intro:
                    yield Static(self.topic.intro, markup=False)
                for scope in (*self.topic.scopes, "app"):
                    yield Static(t(f"tui.help.scope.{scope}"), classes="heading", markup=False)
                    yield Static(keys_text(scope), markup=False)
                yield Static(t("tui.help.general_keys"), classes="general", markup=False)
            yield Static(t("tui.help.close"), id="close", markup=False)
