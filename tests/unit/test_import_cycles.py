"""No module of ``wizard/`` imports itself back, however indirectly (issue 10, item 3).

Every import counts, as import-linter counts them: at the top of a module,
inside a function (imported late to start fast) and under ``TYPE_CHECKING``.
A circle of modules is one room that pretends to be several: a screen opened
from the dashboard talks to it through ``dashboard/protocol.py``, never by
importing ``dashboard/screen.py``.
"""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

from support import ROOT


def module_names(root: Path) -> dict[str, Path]:
    names = {}
    for path in (root / "wizard").rglob("*.py"):
        parts = path.relative_to(root).with_suffix("").parts
        names[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return names


def imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The modules of ``wizard`` that ``name`` imports: the most specific one each import names."""

    def known_module(dotted: str) -> str | None:
        while dotted and dotted not in known:
            dotted = dotted.rpartition(".")[0]
        return dotted or None

    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {known_module(alias.name) for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            source = node.module if not node.level else ".".join(p for p in (base, node.module) if p)
            found |= {known_module(f"{source}.{alias.name}") or known_module(source or "") for alias in node.names}
    return {m for m in found if m and m != name}


def import_graph(root: Path) -> dict[str, set[str]]:
    known = module_names(root)
    return {name: imports_of(name, path, known) for name, path in known.items()}


def test_no_import_cycle_inside_wizard():
    try:
        graphlib.TopologicalSorter(import_graph(ROOT)).prepare()
    except graphlib.CycleError as error:
        cycle = error.args[1]
        raise AssertionError("modules that import each other in a circle: " + " -> ".join(cycle)) from None


def test_the_check_sees_a_cycle_hidden_in_a_function_and_under_type_checking(tmp_path):
    package = tmp_path / "wizard"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("def later():\n    from wizard import b\n")
    (package / "b.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from wizard.a import later\n")
    (package / "c.py").write_text("from . import a\n")
    graph = import_graph(tmp_path)
    assert graph["wizard.a"] == {"wizard.b"} and graph["wizard.b"] == {"wizard.a"} and graph["wizard.c"] == {"wizard.a"}
    try:
        graphlib.TopologicalSorter(graph).prepare()
    except graphlib.CycleError:
        return
    raise AssertionError("the cycle a -> b -> a was not found")
