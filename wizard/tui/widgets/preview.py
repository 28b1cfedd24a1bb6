"""A document preview in a modal: the exported Markdown, rendered."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from wizard.i18n import t


class PreviewScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    PreviewScreen { align: center middle; }
    PreviewScreen > Vertical { width: 96%; height: 94%; border: thick $accent; background: $surface; }
    PreviewScreen #title { text-style: bold; color: $accent; padding: 0 1; }
    PreviewScreen #doc { height: 1fr; padding: 0 1; }
    PreviewScreen #close { color: $text-muted; padding: 0 1; }
    """
    BINDINGS = [Binding("escape,q", "dismiss(None)", show=False)]

    def __init__(self, title: str, markdown: str) -> None:
        super().__init__()
        self.doc_title = title
        self.markdown = markdown

    def compose(self) -> ComposeResult:
        from textual.widgets import Markdown

        with Vertical():
            yield Static(self.doc_title, id="title", markup=False)
            with VerticalScroll(id="doc"):
                yield Markdown(self.markdown)
            yield Static(t("tui.preview.close"), id="close", markup=False)

    def on_mount(self) -> None:
        self.query_one("#doc").focus()
