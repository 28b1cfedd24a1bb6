"""What screens and widgets may ask of the app, and what the app may ask of the screens: typed, in one place.

A widget reaches the app through :func:`host` (never ``hasattr(self.app,
...)``): the day it tells, the fixed day a test set, whether cursors blink,
when to look for outside changes, and the ways to open a portfolio. The app
reaches the screens that show a portfolio (the wizard, the dashboard and the
screens above it) through :class:`SavesFirst` and :class:`SwitchesLanguage`.
Widgets tell their screen what happened with Messages, not by calling it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Protocol, runtime_checkable

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from wizard.catalog import Catalog
    from wizard.tui.session import Session
    from wizard.tui.watch import Trigger


@runtime_checkable
class Host(Protocol):
    """The app, as its screens and widgets see it (:class:`wizard.tui.app.HuskurageApp`)."""

    today: dt.date  # fixed in tests and snapshots
    cursor_blink: bool  # off in snapshots
    session: "Session | None"  # the open portfolio
    outside_trigger: "Trigger"  # when to look for files someone else changed (by hand in tests)

    @property
    def catalog(self) -> "Catalog": ...

    def open_portfolio(self, path: Path, *, create_if_missing: bool = False) -> bool: ...

    def create_portfolio(self, path: Path) -> None: ...

    def open_demo(self) -> None: ...

    def show_welcome(self) -> None: ...

    def start_screen(self, session: "Session", name: str = "wizard", start: int | str | None = None) -> None: ...

    def switch_language(self) -> None: ...


def host(node: "DOMNode") -> Host:
    """The app of ``node`` as a :class:`Host` (a TypeError in any other app)."""
    app = node.app
    if not isinstance(app, Host):
        raise TypeError(f"{type(node).__name__} runs only inside huskurage's app, not in {type(app).__name__}")
    return app


@runtime_checkable
class SavesFirst(Protocol):
    """A screen with something to save before F2, Ctrl+O or Ctrl+Q leave it: the wizard, the dashboard's
    screens, a dialog with a value typed."""

    def save_before_quit(self, then: Callable[[], object]) -> None:
        """Save what is being edited (asking about conflicts), then call ``then``; not at all when the user waits."""
        ...


@runtime_checkable
class SwitchesLanguage(Protocol):
    """A screen that F8 rebuilds in the other language where it was (the step, the municipality open)."""

    def action_toggle_language(self) -> None: ...
