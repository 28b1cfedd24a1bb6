"""The one place the TUI's text reaches the terminal: every line Textual draws, made inert.

Textual strips only BEL, BS, VT, FF and CR from the text it draws: an ``ESC``
in a company name, a note or an input's value would reach the terminal as
it is, and ``ESC ]52`` fills the user's clipboard. :class:`Inert` is a
line filter (Textual's hook for what it writes, ``App.get_line_filters``)
that takes every unsafe character (:data:`wizard.terminal.UNSAFE`) out of
every line of every widget, the header and the notifications included.
Each of them takes no cell (a lone surrogate, one, becomes U+FFFD), so no
layout moves. The title, sub-title and notifications are also shown with
the escapes written out, as the command line shows them
(``HuskurageApp.format_title``/``notify``); this filter is what holds for
every other route.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from wizard.terminal import UNSAFE, inert


class Inert(LineFilter):
    """Removes what a terminal would obey from a drawn line; a clean line (nearly all) passes as it is."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not UNSAFE.search("".join([segment.text for segment in segments])):
            return segments
        return [
            Segment(inert(text), style, control) if UNSAFE.search(text) else Segment(text, style, control)
            for text, style, control in segments
        ]


INERT = Inert()
