"""The dashboard's keys, declared once: they feed the bindings, the footer, F1 help and Ctrl+P (STYLE.md 11).

Like :mod:`wizard.tui.actions` for the wizard: every binding has an ``id``
(``dashboard.<name>``) so a user can remap it with ``App.set_keymap``, and
its label and help are strings (``dashboard.key.<name>``) resolved when a
screen is built, in the language chosen. A scope is the widget the keys work
on: the portfolio table, the municipality view, or one of its lists. The
command palette lists the keys that act where it was opened (commands.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from wizard.i18n import t

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.dom import DOMNode


@dataclass(frozen=True)
class Key:
    id: str
    key: str
    action: str
    scope: str
    show: bool = True
    priority: bool = False
    group: str = ""  # keys shown together in the footer under one label, ``dashboard.key_group.<group>``
    palette: bool = True  # listed in the command palette where it acts

    @property
    def name(self) -> str:
        return self.id.split(".", 1)[1]

    @property
    def label(self) -> str:
        return t(f"dashboard.key.{self.name}.label")

    @property
    def help(self) -> str:
        return t(f"dashboard.key.{self.name}.help")

    @property
    def shown_key(self) -> str:
        return SHOWN.get(self.key, self.key)


SHOWN = {"slash": "/", "space": "␣", "plus": "+", "minus": "-", "escape": "esc", "enter": "⏎"}


KEYS: tuple[Key, ...] = (
    # the portfolio table
    Key("dashboard.open", "enter", "screen.open_city", "table"),
    # priority: handled as it arrives, so the letters typed right after it land in the filter
    Key("dashboard.filter", "slash", "focus_filter", "dashboard", priority=True),
    Key("dashboard.clear", "escape", "clear_filter", "dashboard"),
    Key("dashboard.sort", "s", "sort_next", "dashboard", group="sort"),
    Key("dashboard.reverse", "r", "sort_reverse", "dashboard", group="sort"),
    Key("dashboard.summary", "o", "summary", "dashboard"),
    Key("dashboard.export", "e", "export", "dashboard", show=False),
    # the filter field
    Key("dashboard.filter_open", "enter", "screen.open_city", "filter", show=False),
    Key("dashboard.filter_down", "down", "screen.focus_table", "filter", show=False, palette=False),
    # both screens: outside changes and saving
    Key("dashboard.reload", "ctrl+r", "reload", "changes", priority=True),
    Key("dashboard.save", "ctrl+s", "save_pending", "changes", priority=True),
    Key("dashboard.language", "f8", "toggle_language", "language", show=False),  # keeps the screen (app's F8: the wizard)
    # the app's F2 (actions.py), shown on the dashboard by name: from here it leads to the wizard
    Key("dashboard.wizard", "f2", "app.switch_view", "dashboard", priority=True),
    # the summary
    Key("dashboard.summary_back", "escape", "back", "summary"),
    # the municipality view
    Key("dashboard.back", "escape", "back", "city"),
    Key("dashboard.tab1", "1", "tab(1)", "city", show=False),
    Key("dashboard.tab2", "2", "tab(2)", "city", show=False),
    Key("dashboard.tab3", "3", "tab(3)", "city", show=False),
    Key("dashboard.tab4", "4", "tab(4)", "city", show=False),
    # its checklist
    Key("dashboard.cycle", "space", "screen.cycle", "checklist"),
    Key("dashboard.todo", "t", "screen.set_status('todo')", "checklist", group="status"),
    Key("dashboard.doing", "d", "screen.set_status('doing')", "checklist", group="status"),
    Key("dashboard.done", "x", "screen.set_status('done')", "checklist", group="status"),
    Key("dashboard.skipped", "s", "screen.set_status('skipped')", "checklist", group="status"),
    Key("dashboard.note", "n", "screen.edit_note", "checklist"),
    Key("dashboard.date", "e", "screen.edit_date", "checklist"),
    # its partners
    Key("dashboard.contact_today", "l", "screen.contact_today", "partners"),
    Key("dashboard.contact_date", "e", "screen.edit_contact", "partners"),
    # its signs and report counts
    Key("dashboard.signs_up", "u", "screen.edit_count('signs_up')", "reports"),
    Key("dashboard.entrances", "p", "screen.edit_count('entrances')", "reports"),
    Key("dashboard.report_more", "plus", "screen.report_step(1)", "reports", group="step"),
    Key("dashboard.report_less", "minus", "screen.report_step(-1)", "reports", group="step"),
    Key("dashboard.report_edit", "enter", "screen.edit_report", "reports"),
)


def in_scope(*scopes: str) -> list[Key]:
    return [k for k in KEYS if k.scope in scopes]


def install(node: "DOMNode", *scopes: str) -> None:
    """Add the scopes' bindings to a widget or screen, labels in the current language, replacing its own on the same keys."""
    from textual.binding import Binding, BindingsMap

    groups = {g: Binding.Group(t(f"dashboard.key_group.{g}")) for g in {k.group for k in KEYS if k.group}}
    bindings = [
        Binding(
            k.key,
            k.action,
            k.label,
            show=k.show,
            priority=k.priority,
            tooltip=k.help,
            id=k.id,
            key_display=SHOWN.get(k.key),
            group=groups.get(k.group),
        )
        for k in in_scope(*scopes)
    ]
    ours = {b.key for b in bindings}
    kept = {key: value for key, value in node._bindings.key_to_bindings.items() if key not in ours}
    node._bindings = BindingsMap.merge([BindingsMap.from_keys(kept), BindingsMap(bindings)])


def palette() -> "type[Provider]":
    """The dashboard screens' command palette entries (``Screen.COMMANDS``), loaded when the palette first opens."""
    from wizard.tui.dashboard.commands import DashboardCommands

    return DashboardCommands
