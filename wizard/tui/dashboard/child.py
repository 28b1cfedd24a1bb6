"""What the screens opened from the dashboard share: they work on its portfolio and leave through it.

The municipality view and the summary sit above the portfolio table. Saving,
reloading outside changes, the language switch and quitting all go through
the dashboard, which holds the portfolio, the unsaved changes and the
files someone else changed; these screens only pass the keys on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from textual.screen import Screen

from wizard.tui.dashboard import keys

if TYPE_CHECKING:
    from wizard.tui.dashboard.screen import DashboardScreen


class DashboardChild(Screen):
    COMMANDS = {keys.palette}

    def __init__(self, dashboard: "DashboardScreen", *, name: str) -> None:
        super().__init__(name=name)
        self.dashboard = dashboard

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("reload", "save_pending"):
            return self.dashboard.check_action(action, parameters)
        return True

    def action_reload(self) -> None:
        self.dashboard.action_reload()

    def action_save_pending(self) -> None:
        self.dashboard.action_save_pending()

    def action_toggle_language(self) -> None:
        self.dashboard.action_toggle_language()

    def save_before_quit(self, then: Callable[[], object]) -> None:
        """Save through the dashboard; this screen closes before ``then`` (F2, F8, Ctrl+O, Ctrl+Q)."""

        def leave() -> None:
            if self.app.screen is self:
                self.dismiss()
            then()

        self.dashboard.save_before_quit(leave)
