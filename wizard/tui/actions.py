"""One registry of user actions: it feeds the key bindings, the command palette and F1 help (STYLE.md 11).

Every binding has an ``id`` so a user can remap it with ``App.set_keymap``
(e.g. ``{"wizard.back": "ctrl+left"}``). Labels are i18n keys resolved when a
screen is built, so the footer speaks the language chosen at start.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from wizard.i18n import t

if TYPE_CHECKING:
    from textual.dom import DOMNode


@dataclass(frozen=True)
class UserAction:
    id: str  # binding id, also the i18n key under tui.action.<name>
    key: str
    action: str  # Textual action string, run on the node that owns the scope
    scope: str  # "app" or "wizard"
    show: bool = True  # in the footer
    priority: bool = False
    palette: bool = True  # listed in the command palette

    @property
    def name(self) -> str:
        return self.id.split(".", 1)[1]

    @property
    def label(self) -> str:
        return t(f"tui.action.{self.name}.label")

    @property
    def help(self) -> str:
        return t(f"tui.action.{self.name}.help")


ACTIONS: tuple[UserAction, ...] = (
    UserAction("wizard.back", "ctrl+t", "back", "wizard", priority=True),
    UserAction("wizard.next", "ctrl+n", "next", "wizard", priority=True),
    UserAction("wizard.steps", "ctrl+g", "focus_steps", "wizard", show=False),
    UserAction("wizard.save", "ctrl+s", "save", "wizard", priority=True),
    UserAction("app.help", "f1", "help", "app", priority=True),
    UserAction("app.switch", "f2", "switch_view", "app", show=False, priority=True),
    UserAction("app.palette", "ctrl+p", "command_palette", "app", show=False, priority=True, palette=False),
    UserAction("app.theme", "f9", "toggle_theme", "app", show=False),
    UserAction("app.language", "f8", "toggle_language", "app", show=False),
    UserAction("app.open", "ctrl+o", "open_other", "app", show=False),
    UserAction("app.quit", "ctrl+q", "quit", "app", priority=True),
)


def in_scope(scope: str) -> list[UserAction]:
    return [a for a in ACTIONS if a.scope == scope]


def install(node: "DOMNode", scope: str) -> None:
    """Add the scope's bindings to a screen or the app, with labels in the current language."""
    from textual.binding import Binding, BindingsMap

    bindings = [
        Binding(a.key, a.action, a.label, show=a.show, priority=a.priority, tooltip=a.help, id=a.id)
        for a in in_scope(scope)
    ]
    # Bindings are class data in Textual; ours carry translated labels, so they are added per instance,
    # replacing Textual's own English ones on the same keys (quit, command palette).
    ours = {b.key for b in bindings}
    kept = {k: v for k, v in node._bindings.key_to_bindings.items() if k not in ours}
    node._bindings = BindingsMap.merge([BindingsMap.from_keys(kept), BindingsMap(bindings)])
