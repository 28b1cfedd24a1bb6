"""Read a widget's ``.tcss`` from beside its module, so styles live next to the code (STYLE.md 4).

Widgets (unlike screens) have no ``CSS_PATH``; their ``DEFAULT_CSS`` is
scoped to the widget, which is what a step wants. The file is read when the
module is imported, i.e. when the step is first opened.
"""

from __future__ import annotations

from pathlib import Path


def beside(module_file: str) -> str:
    return Path(module_file).with_suffix(".tcss").read_text(encoding="utf-8")
