"""Asked before saving when someone else changed a file since we read it."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from wizard.i18n import t
from wizard.tui.tcss import beside


class ConflictScreen(ModalScreen[str | None]):
    """Returns ``"reload"`` (take theirs), ``"overwrite"`` (keep mine) or None (do not save now)."""

    DEFAULT_CSS = beside(__file__)
    BINDINGS = [Binding("escape", "dismiss(None)", show=False)]

    def __init__(self, root: Path, paths: list[Path]) -> None:
        super().__init__()
        self.root = root
        self.paths = paths

    def compose(self) -> ComposeResult:
        names = "\n".join(f"  • {self.relative(p)}" for p in self.paths)
        with Vertical(id="dialog"):
            yield Static(t("tui.conflict.title"), id="title", markup=False)
            yield Static(t("tui.conflict.body", files=names), markup=False)
            with Horizontal(id="buttons"):
                yield Button(t("tui.conflict.reload"), id="reload", variant="primary", compact=True)
                yield Button(t("tui.conflict.overwrite"), id="overwrite", variant="warning", compact=True)
                yield Button(t("tui.conflict.cancel"), id="cancel", compact=True)

    def relative(self, path: Path) -> str:
        try:
            return str(Path(path).resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(path)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "cancel" else event.button.id)
