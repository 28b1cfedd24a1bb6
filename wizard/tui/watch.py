"""Files someone else changed on disk: noticed with a cheap stat per file, when a trigger says to look.

A colleague, ``git pull`` or ``huskurage mark`` may change the portfolio
while it is open. The wizard and the dashboard each keep an
:class:`OutsideChanges` and look when the app's trigger fires: every two
seconds in the program (:class:`Every`), when the test says so in tests
(:class:`ByHand`), so no test races a timer.
"""

from __future__ import annotations

import inspect
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Protocol

from wizard import model
from wizard.i18n import t

if TYPE_CHECKING:
    from textual.message_pump import MessagePump
    from textual.screen import Screen
    from textual.widget import Widget

    from wizard.tui.session import Session

POLL_SECONDS = 2.0


class Trigger(Protocol):
    def start(self, node: "MessagePump", look: Callable[[], object]) -> None:
        """Call ``look`` from now on, whenever it is time, for as long as ``node`` runs."""
        ...


@dataclass(frozen=True)
class Every:
    """The program's trigger: a timer on the screen that looks."""

    seconds: float = POLL_SECONDS

    def start(self, node: "MessagePump", look: Callable[[], object]) -> None:
        node.set_interval(self.seconds, look)


class ByHand:
    """The tests' trigger: :meth:`fire` has every screen still running look (in its own turn); no timer ever does.

    It holds the screens weakly, as a timer would: a screen that went away is not kept alive by its trigger.
    """

    def __init__(self) -> None:
        self._lookers: list[tuple["weakref.ref[MessagePump]", Callable[[], Callable[[], object] | None]]] = []

    def start(self, node: "MessagePump", look: Callable[[], object]) -> None:
        method = weakref.WeakMethod(look) if inspect.ismethod(look) else (lambda: look)
        self._lookers.append((weakref.ref(node), method))

    def fire(self) -> None:
        for node_ref, look_ref in self._lookers:
            node, look = node_ref(), look_ref()
            if node is not None and look is not None and node.is_running:
                node.call_later(look)


def file_name(session: "Session", path: Path, *, with_code: bool = True) -> str:
    """A file as the user knows it: "Uppsala (0380)" (or "Uppsala"), "företagets inställningar (huskurage.toml)"."""
    if Path(path).name == model.COMPANY_FILE:
        return t("tui.changes.company_file")
    code = session.code_of(path)
    if code is None and Path(path).name[:4].isdigit():
        code = Path(path).name[:4]
    if code is None:
        return session.relative(path)
    muni = session.catalog.municipality(code)
    city = session.portfolio.cities.get(code)
    name = muni.name if muni else city.name if city else code
    return f"{name} ({code})" if with_code else name


class OutsideChanges:
    """The files changed on disk by someone else since we read them, as last looked at."""

    def __init__(self, session: "Session") -> None:
        self.session = session
        self.paths: list[Path] = []

    def look(self) -> list[Path]:
        """Look again; the files that are new since the last look."""
        try:
            paths = list(self.session.store.changed_on_disk())
        except Exception:  # the folder itself went away: say nothing new rather than crash the timer
            return []
        new = [p for p in paths if p not in self.paths]
        self.paths = paths
        return new

    def poll(self, screen: "Widget", show: Callable[[], object], *, notify: bool = True) -> None:
        """Look again: ``show`` the banner when the files changed, and say which ones are new."""
        before = list(self.paths)
        new = self.look()
        if self.paths != before:
            show()
        if new and notify:
            names = ", ".join(file_name(self.session, p) for p in new)
            screen.notify(t("tui.changes.noticed", files=names), timeout=6, markup=False)

    def banner(self) -> str:
        """The banner's line: which files someone else changed, and that Ctrl+R loads them; empty when none."""
        if not self.paths:
            return ""
        return t("tui.changes.outside", files=", ".join(file_name(self.session, p) for p in self.paths))


def show_banner(screen: "Screen[Any]", text: str) -> None:
    """The screen's ``#changes`` line says ``text`` (hidden when empty); Ctrl+R and Ctrl+S follow in the footer."""
    from textual.widgets import Static

    banner = screen.query_one("#changes", Static)
    if _shown.get(banner) == text:  # as it was (after most saves): the footer is not rebuilt for nothing
        return
    _shown[banner] = text
    banner.update(text)
    banner.display = bool(text)
    screen.refresh_bindings()


_shown: "weakref.WeakKeyDictionary[Widget, str]" = weakref.WeakKeyDictionary()  # what each banner says now
