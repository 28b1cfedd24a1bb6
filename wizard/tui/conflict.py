"""The question asked when someone else saved a file we are about to write: one dialog, wizard and dashboard alike.

It shows, per file, what the user changed, what the other side changed and
where both changed the same field differently, and returns a
:class:`Resolution` (STYLE.md 7). Settling it is :mod:`wizard.tui.saving`'s.

The choice that loses nothing is the one Enter takes: "both count" when the
two changed different fields; "wait" (save nothing now) when they changed the
same one, or when their version cannot be read.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from wizard.i18n import t
from wizard.tui.tcss import beside


class Resolution(enum.Enum):
    BOTH = "again"  # load theirs, make my changes again on top (where both changed a field, mine)
    THEIRS = "theirs"  # load theirs, drop my changes to the file
    MINE = "mine"  # overwrite theirs with my version of the whole file
    WAIT = "wait"  # save nothing now: my changes stay, unsaved


@dataclass(frozen=True)
class FileConflict:
    """One file in the question, in words."""

    name: str  # "Uppsala", "företagets inställningar (huskurage.toml)"
    file: str  # its path in the portfolio
    mine: list[str]  # what the user changed
    theirs: list[str] = field(default_factory=list)  # what the other side changed
    clashes: list[str] = field(default_factory=list)  # the same field changed by both, with both values
    unreadable: str = ""  # why their version cannot be read (then only theirs, mine or wait)

    @property
    def mergeable(self) -> bool:
        return not self.clashes and not self.unreadable


def bullets(lines: list[str]) -> str:
    return "\n".join(f"  • {line}" for line in lines)


class ConflictScreen(ModalScreen[Resolution]):
    DEFAULT_CSS = beside(__file__)
    BINDINGS = [Binding("escape", "dismiss_wait", show=False)]

    def __init__(self, files: list[FileConflict]) -> None:
        super().__init__()
        self.files = files

    @property
    def safe(self) -> Resolution:
        """What Enter does: nothing is lost and no one's edit is reverted."""
        return Resolution.BOTH if all(f.mergeable for f in self.files) else Resolution.WAIT

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            one = len(self.files) == 1
            title = t("tui.conflict.title_file", name=self.files[0].name) if one else t("tui.conflict.title")
            yield Static(title, id="title", markup=False)
            with VerticalScroll(id="files"):
                for i, conflict in enumerate(self.files):
                    yield Static(self.describe(conflict), classes="file -more" if i else "file", markup=False)
            with Vertical(id="choices"):
                clashes = any(f.clashes for f in self.files)
                for choice in Resolution:
                    key = "both_mine_wins" if choice is Resolution.BOTH and clashes else choice.name.lower()
                    button = Button(t(f"tui.conflict.{key}"), id=choice.value, compact=True)
                    button.disabled = choice is Resolution.BOTH and any(f.unreadable for f in self.files)
                    yield button

    @staticmethod
    def describe(conflict: FileConflict) -> str:
        parts = [t("tui.conflict.body", file=conflict.file, changes=bullets(conflict.mine))]
        if conflict.theirs:
            parts.append(t("tui.conflict.theirs_changed", changes=bullets(conflict.theirs)))
        if conflict.clashes:
            parts.append(t("tui.conflict.clashes", changes=bullets(conflict.clashes)))
        if conflict.unreadable:
            parts.append(t("tui.conflict.unreadable", error=conflict.unreadable))
        return "\n".join(parts)

    def on_mount(self) -> None:
        self.query_one(f"#{self.safe.value}", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(Resolution(event.button.id))

    def action_dismiss_wait(self) -> None:
        self.dismiss(Resolution.WAIT)
