"""What the screens opened from the dashboard share: they work on its portfolio and leave through it.

The municipality view and the summary sit above the portfolio table. Saving,
reloading outside changes, the language switch and quitting all go through
the dashboard (:class:`~wizard.tui.dashboard.protocol.Dashboard`), which holds
the portfolio, the unsaved changes and the files someone else changed; these
screens pass the keys on and follow its ``changed`` signal to redraw.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from textual.screen import Screen

from wizard.tui.watch import show_banner

if TYPE_CHECKING:
    from wizard.tui.dashboard.protocol import Dashboard


class DashboardChild(Screen[None]):
    def __init__(self, dashboard: "Dashboard", *, name: str) -> None:
        super().__init__(name=name)
        self.dashboard = dashboard

    def follow_dashboard(self) -> None:
        """Show the banner now, and from now on redraw when the dashboard's cities or banner change."""
        self.show_changes()
        self.dashboard.changed.subscribe(self, self._dashboard_changed)

    def _dashboard_changed(self, codes: tuple[str, ...]) -> None:
        if codes:
            self.cities_changed(codes)
        self.show_changes()

    def cities_changed(self, codes: tuple[str, ...]) -> None:
        """These cities changed (an edit, a reload, a settled conflict): redraw what shows them."""

    def show_changes(self) -> None:
        """The dashboard's banner (files changed on disk, changes not yet saved), and Ctrl+R/Ctrl+S in the footer."""
        show_banner(self, self.dashboard.changes_text())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reload":
            return self.dashboard.can_reload()
        if action == "save_pending":
            return self.dashboard.can_save_pending()
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
