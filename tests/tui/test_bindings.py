"""The keymap reaches Textual through ``wizard/tui/bindings.py``, the one module that rebuilds a node's bindings.

Textual has no public way to add translated bindings to one instance, so
``bindings.install`` relies on Textual internals (``DOMNode._bindings``,
``BindingsMap.merge``/``from_keys``). These tests fail, naming that module,
the day a Textual release changes them; then through Textual's public side
(``Screen.active_bindings``, ``App.set_keymap``, key presses) that our keys
act, carry our labels and ids, and leave the widget's own keys alone.
"""

from __future__ import annotations

import inspect

from support.tui import app_for, at_step, sync

from wizard.tui import bindings

WHERE = "Textual changed what wizard/tui/bindings.py relies on; change install() there"


def test_textual_keeps_a_nodes_bindings_where_install_rebuilds_them():
    from textual.binding import Binding, BindingsMap
    from textual.widgets import DataTable

    table = DataTable()
    assert isinstance(table._bindings, BindingsMap), WHERE
    assert isinstance(table._bindings.key_to_bindings, dict), WHERE
    assert all(isinstance(b, Binding) for found in table._bindings.key_to_bindings.values() for b in found), WHERE
    assert callable(getattr(BindingsMap, "merge", None)) and callable(getattr(BindingsMap, "from_keys", None)), WHERE
    assert {"show", "priority", "tooltip", "id", "key_display", "group"} <= set(inspect.signature(Binding).parameters), WHERE

    bindings.install(table, "table")
    found = table._bindings.key_to_bindings
    assert [b.id for b in found["enter"]] == ["dashboard.open"], WHERE  # ours replaces the table's own Enter
    assert [b.action for b in found["down"]] == ["cursor_down"], WHERE  # the table's other keys stay


@sync
async def test_installed_keys_are_labelled_act_and_can_be_remapped_by_id(demo_dir, tmp_path):
    app = app_for(demo_dir, tmp_path / "data", start_step=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await at_step(pilot, 1)
        active = {b.binding.id: (key, b.binding.description) for key, b in app.screen.active_bindings.items() if b.binding.id}
        assert active["wizard.next"] == ("ctrl+n", "Nästa"), WHERE
        assert active["app.quit"] == ("ctrl+q", "Avsluta"), WHERE  # Textual's own English "Quit" is replaced
        app.set_keymap({"wizard.next": "f6"})
        await pilot.press("f6")
        await at_step(pilot, 2)
