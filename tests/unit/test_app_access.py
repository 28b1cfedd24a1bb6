"""Screens and widgets reach the app through :func:`wizard.tui.host.host`, typed, never by probing it (issue 10).

``hasattr(self.app, "session")`` passes mypy and hides a missing attribute
until a user meets it; ``host(self).session`` is checked by mypy (``make
check``) and fails loudly in any other app.
"""

from __future__ import annotations

import ast

from support import ROOT


def _probes(tree: ast.AST) -> list[int]:
    """Lines of ``hasattr(x.app, ...)``/``getattr(x.app, ...)``/``hasattr(app, ...)``."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("hasattr", "getattr") and node.args:
            target = node.args[0]
            if (isinstance(target, ast.Attribute) and target.attr == "app") or (isinstance(target, ast.Name) and target.id == "app"):
                lines.append(node.lineno)
    return lines


def test_no_screen_or_widget_probes_the_app():
    found = {
        str(path.relative_to(ROOT)): lines
        for path in sorted((ROOT / "wizard").rglob("*.py"))
        if (lines := _probes(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert found == {}, f"reach the app through wizard.tui.host.host(node), not hasattr/getattr: {found}"


def test_the_probe_finder_finds_a_probe():
    assert _probes(ast.parse("if hasattr(self.app, 'session'):\n    pass\nx = getattr(app, 'today', None)\n")) == [1, 3]
