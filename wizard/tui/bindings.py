"""The one module that changes Textual's key bindings: it binds the keymap's scopes on screens and widgets.

Bindings are class data in Textual (``BINDINGS``), read once per class. Ours
carry labels in the language chosen when a screen is built, and a scope's
keys go on the widget they act on (the table, the filter field ...), so they
are added per instance here, replacing that node's own bindings on the same
keys (Textual's English "Quit", the table's Enter).

Textual has no public way to do this: :func:`install` rebuilds the node's
private ``_bindings`` map with ``BindingsMap.merge`` and ``from_keys``.
``tests/tui/test_bindings.py`` fails, naming this module, the day a Textual
release changes any of that; everything else reads bindings through
Textual's public ``Screen.active_bindings``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding, BindingsMap

from wizard.tui.keymap import in_scope

if TYPE_CHECKING:
    from textual.dom import DOMNode


def install(node: "DOMNode", *scopes: str) -> None:
    """Bind the keys of ``scopes`` on ``node``, labelled in the current language; call again after a language switch."""
    keys = in_scope(*scopes)
    groups = {k.group: Binding.Group(k.group_label) for k in keys if k.group}
    bindings = [
        Binding(
            k.key,
            k.action,
            k.label,
            show=k.show,
            priority=k.priority,
            tooltip=k.help,
            id=k.id,
            key_display=None if k.shown_key == k.key else k.shown_key,
            group=groups.get(k.group),
        )
        for k in keys
    ]
    ours = {b.key for b in bindings}
    kept = {key: found for key, found in node._bindings.key_to_bindings.items() if key not in ours}
    node._bindings = BindingsMap.merge([BindingsMap.from_keys(kept), BindingsMap(bindings)])
