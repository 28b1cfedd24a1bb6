"""Every key of the program, declared once: it feeds the bindings, the footer, F1 help and Ctrl+P (STYLE.md 11).

A :class:`Key` belongs to a scope, the node it is bound on: ``app`` (the
app itself: F1, F2, Ctrl+Q ...), ``wizard`` (the wizard's screen), or one of
the dashboard's screens and widgets (``dashboard``, ``table``, ``filter``,
``city``, ``checklist`` ...). :func:`wizard.tui.bindings.install` binds a
scope's keys on its node; :mod:`wizard.tui.help` lists them by scope; the
command palette (:mod:`wizard.tui.commands`) offers those that act where it
was opened.

Every binding has an ``id`` (``<area>.<name>``) so a user can remap it with
``App.set_keymap`` (e.g. ``{"wizard.back": "ctrl+left"}``). Labels and help
are strings, resolved when a screen is built, in the language chosen: the
wizard's and the app's under ``tui.action.<name>``, the dashboard's under
``dashboard.key.<name>``.
"""

from __future__ import annotations

from dataclasses import dataclass

from wizard.i18n import t

#: Where the label and help of a key live, by the area its id starts with.
STRINGS = {"app": "tui.action", "wizard": "tui.action", "dashboard": "dashboard.key"}

#: How a key is written in the footer, F1 and Ctrl+P where Textual's name is not what is on the keyboard.
SHOWN = {"slash": "/", "space": "␣", "plus": "+", "minus": "-", "escape": "esc", "enter": "⏎"}


@dataclass(frozen=True)
class Key:
    id: str  # "<area>.<name>": the binding's id (App.set_keymap) and where its strings are
    key: str
    action: str  # a Textual action string, run on the node the scope is bound on
    scope: str
    show: bool = True  # in the footer
    priority: bool = False
    group: str = ""  # keys shown together in the footer under one label, ``dashboard.key_group.<group>``
    palette: bool = True  # offered by Ctrl+P where it acts
    only_in: str = ""  # "terminal" or "browser": the footer shows the key only there (F1 lists it everywhere)

    @property
    def name(self) -> str:
        return self.id.split(".", 1)[1]

    @property
    def label(self) -> str:
        return t(f"{STRINGS[self.id.split('.', 1)[0]]}.{self.name}.label")

    @property
    def help(self) -> str:
        return t(f"{STRINGS[self.id.split('.', 1)[0]]}.{self.name}.help")

    def in_footer(self, browser: bool) -> bool:
        """Whether the footer shows the key, in a browser (``huskurage serve``) or in a terminal."""
        return self.show and self.only_in in ("", "browser" if browser else "terminal")

    @property
    def shown_key(self) -> str:
        return SHOWN.get(self.key, self.key)

    @property
    def group_label(self) -> str:
        return t(f"dashboard.key_group.{self.group}") if self.group else ""


KEYS: tuple[Key, ...] = (
    # ---------------------------------------------------------------- the wizard
    Key("wizard.back", "ctrl+t", "back", "wizard", priority=True, only_in="terminal"),
    Key("wizard.next", "ctrl+n", "next", "wizard", priority=True, only_in="terminal"),
    # A browser keeps Ctrl+T, Ctrl+N and Ctrl+W for its tabs; Alt+P and Alt+N reach the program in both.
    Key("wizard.back_alt", "alt+p", "back", "wizard", priority=True, only_in="browser", palette=False),
    Key("wizard.next_alt", "alt+n", "next", "wizard", priority=True, only_in="browser", palette=False),
    Key("wizard.steps", "ctrl+g", "focus_steps", "wizard", show=False),
    Key("wizard.save", "ctrl+s", "save", "wizard", priority=True),
    Key("wizard.reload", "ctrl+r", "reload", "wizard", priority=True),  # shown only when a file changed on disk
    # The step scrolls from a text area or a list of logos too, where these keys only moved inside a few lines.
    Key("wizard.page_down", "pagedown", "scroll_step('scroll_page_down')", "wizard", show=False, priority=True, palette=False),
    Key("wizard.page_up", "pageup", "scroll_step('scroll_page_up')", "wizard", show=False, priority=True, palette=False),
    Key("wizard.step_end", "end", "scroll_step('scroll_end')", "wizard", show=False, priority=True, palette=False),
    Key("wizard.step_home", "home", "scroll_step('scroll_home')", "wizard", show=False, priority=True, palette=False),
    # ---------------------------------------------------------------- everywhere
    Key("app.help", "f1", "help", "app", priority=True),
    Key("app.switch", "f2", "switch_view", "app", show=False, priority=True),
    Key("app.palette", "ctrl+p", "command_palette", "app", show=False, priority=True, palette=False),
    Key("app.theme", "f9", "toggle_theme", "app", show=False),
    Key("app.language", "f8", "toggle_language", "app", show=False),
    Key("app.open", "ctrl+o", "open_other", "app", show=False),
    Key("app.quit", "ctrl+q", "quit", "app", priority=True),
    # ---------------------------------------------------------------- the dashboard's portfolio table
    Key("dashboard.open", "enter", "screen.open_city", "table"),
    Key("dashboard.first", "home", "scroll_top", "table", show=False),  # Textual's Home only scrolls sideways in a row table
    Key("dashboard.last", "end", "scroll_bottom", "table", show=False),
    # priority: handled as it arrives, so the letters typed right after it land in the filter
    Key("dashboard.filter", "slash", "focus_filter", "dashboard", priority=True),
    Key("dashboard.clear", "escape", "clear_filter", "dashboard"),
    Key("dashboard.sort", "s", "sort_next", "dashboard", group="sort"),
    Key("dashboard.reverse", "r", "sort_reverse", "dashboard", group="sort"),
    Key("dashboard.summary", "o", "summary", "dashboard"),
    Key("dashboard.company", "c", "company", "dashboard"),
    Key("dashboard.export", "e", "export", "dashboard", show=False),
    Key("dashboard.export", "e", "export", "dashboard", show=False),
    # the filter field
    Key("dashboard.filter_open", "enter", "screen.open_city", "filter", show=False),
    Key("dashboard.filter_down", "down", "screen.focus_table", "filter", show=False, palette=False),
    # the dashboard's screens: outside changes and saving
    Key("dashboard.reload", "ctrl+r", "reload", "changes", priority=True),
    Key("dashboard.save", "ctrl+s", "save_pending", "changes", priority=True),
    Key("dashboard.language", "f8", "toggle_language", "language", show=False),  # keeps the screen (app's F8: the wizard)
    # the app's F2, shown on the dashboard by name: from here it leads to the wizard
    Key("dashboard.wizard", "f2", "app.switch_view", "dashboard", priority=True),
    # the summary
    Key("dashboard.summary_back", "escape", "back", "summary"),
    # the company's checklist
    Key("dashboard.company_back", "escape", "back", "company"),
    # the municipality view
    Key("dashboard.back", "escape", "back", "city"),
    Key("dashboard.survey", "k", "record_survey", "city", show=False),  # the NKI form, from any tab; tab 4 names the key
    Key("dashboard.tab1", "1", "tab(1)", "city", show=False),
    Key("dashboard.tab2", "2", "tab(2)", "city", show=False),
    Key("dashboard.tab3", "3", "tab(3)", "city", show=False),
    Key("dashboard.tab4", "4", "tab(4)", "city", show=False),
    Key("dashboard.tab5", "5", "tab(5)", "city", show=False),
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
    Key("dashboard.handled_edit", "h", "screen.edit_handled", "reports", show=False),  # the hint above the table names it
    # its entrances (where it has buildings)
    Key("dashboard.entrance_sign", "x", "screen.mark_entrance('sign_placed')", "entrances"),
    Key("dashboard.entrance_inspected", "i", "screen.mark_entrance('inspected')", "entrances"),
    Key("dashboard.entrance_letter", "l", "screen.mark_entrance('letter_delivered')", "entrances"),
    Key("dashboard.entrance_filter", "slash", "screen.focus_entrance_filter", "entrances"),
    Key("dashboard.entrance_open", "enter", "screen.entrance_open", "entrances"),
    Key("dashboard.entrance_up", "backspace", "screen.entrance_up", "entrances"),
    Key("dashboard.entrance_list", "down", "screen.focus_entrances", "entrance_filter", show=False, palette=False),
    Key("dashboard.entrance_filter_clear", "escape", "screen.clear_entrance_filter", "entrance_filter", palette=False),
    # its recurring follow-ups
    Key("dashboard.follow_done", "x", "screen.follow_up_done", "follow"),
    Key("dashboard.follow_date", "e", "screen.follow_up_date", "follow"),
)

BY_ID: dict[str, Key] = {k.id: k for k in KEYS}


def in_scope(*scopes: str) -> list[Key]:
    """The keys of these scopes, in the registry's order."""
    return [k for k in KEYS if k.scope in scopes]
