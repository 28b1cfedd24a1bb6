"""What the screens opened from the dashboard may ask of it: the one object they share.

The municipality view and the summary sit above the portfolio table and work
on its portfolio: they read its rows, hand it their changes to save
(:meth:`Dashboard.apply`) and follow :attr:`Dashboard.changed` to redraw.
Saving, reloading outside changes, the banner, the language switch and
leaving all go through it. They see it as this protocol, so none of them
imports ``screen.py``; the portfolio table imports them only to open them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Callable, Protocol

if TYPE_CHECKING:
    from textual.signal import Signal

    from wizard.catalog import Catalog
    from wizard.model import Portfolio
    from wizard.tui.dashboard.edits import Edit
    from wizard.tui.dashboard.rows import CityRow


class Dashboard(Protocol):
    #: One row per municipality, by kommunkod: what the table shows, computed once per change.
    rows: dict[str, "CityRow"]
    #: Changes made but not yet on disk (a conflict was not settled), by kommunkod.
    pending: dict[str, list["Edit"]]

    @property
    def portfolio(self) -> "Portfolio": ...

    @property
    def catalog(self) -> "Catalog": ...

    @property
    def today(self) -> dt.date: ...

    @property
    def changed(self) -> "Signal[tuple[str, ...]]":
        """Published after cities changed (their codes), or when only the banner did (no codes)."""
        ...

    def apply(self, edit: "Edit") -> bool:
        """Make a change and save that city's file at once; False when nothing changed."""
        ...

    def changes_text(self) -> str:
        """The banner: files changed on disk by someone else, changes not saved yet; empty when neither."""
        ...

    def can_reload(self) -> bool: ...

    def can_save_pending(self) -> bool: ...

    def action_reload(self) -> None: ...

    def action_save_pending(self) -> None: ...

    def action_toggle_language(self) -> None: ...

    def save_before_quit(self, then: Callable[[], object]) -> None: ...
