"""Textual's Footer, changed only where the keys it shows change.

Textual's ``Footer`` recomposes (unmounts and mounts every key) whenever the
screen's bindings *may* have changed: on every change of focus, every
``bindings=True`` reactive and once more after the refresh that follows. In
the wizard a change of step fires all three, and each rebuild cost more than
the rest of the switch, while almost always the keys shown are the same.

This footer draws its keys when it is composed and remembers what it drew.
When the bindings change it does nothing if the keys are the same; when
keys only appear or disappear (Back on leaving step 1, Next on reaching
step 10) it mounts or removes just those; anything else recomposes as
Textual does. So Back/Next still appear and disappear the moment
``check_action`` says so (STYLE.md 9).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    from textual.screen import Screen

#: One key as the footer draws it: (key, key display, description, action, enabled, tooltip).
Entry = tuple[str, str, str, str, bool, str]


class QuietFooter(Footer):
    """A ``Footer`` that skips rebuilds which would draw the same keys, and patches small changes.

    Its ``compact`` style is fixed when it is composed (the wizard never changes it).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Show the keys from the first compose (with the screen), not in a rebuild after the first refresh.
        self.set_reactive(Footer._bindings_ready, True)
        self._drawn: tuple[tuple[object, ...], ...] | None = None  # shown_keys() when last drawn; None: nothing yet
        self._keys: list[tuple[Entry, FooterKey]] | None = []  # the plain keys on screen, in order; None: grouped
        self._rebuild_pending = False

    def shown_keys(self, screen: "Screen") -> tuple[tuple[object, ...], ...]:
        """Everything the footer draws from the bindings, to tell whether anything changed."""
        app = screen.app
        palette_key = app.COMMAND_PALETTE_BINDING if self.show_command_palette and app.ENABLE_COMMAND_PALETTE else None
        return tuple(
            (
                key,
                app.get_key_display(binding),
                binding.description,
                binding.action,
                enabled,
                tooltip,
                binding.tooltip,
                binding.group,
            )
            for key, (_, binding, enabled, tooltip) in screen.active_bindings.items()
            if binding.show or key == palette_key
        )

    @staticmethod
    def _plain_entries(screen: "Screen") -> list[Entry] | None:
        """The keys ``Footer.compose`` draws left to right (the first binding of each action); None if any is grouped."""
        entries: dict[str, Entry] = {}
        for _, binding, enabled, tooltip in screen.active_bindings.values():
            if not binding.show:
                continue
            if binding.group is not None:
                return None
            entries.setdefault(
                binding.action,
                (binding.key, screen.app.get_key_display(binding), binding.description, binding.action, enabled, tooltip or ""),
            )
        return list(entries.values())

    @staticmethod
    def _entry_of(key: FooterKey) -> Entry:
        return (key.key, key.key_display, key.description, key.action, not key.has_class("-disabled"), str(key.tooltip or ""))

    def _new_key(self, entry: Entry) -> FooterKey:
        key, display, description, action, enabled, tooltip = entry
        widget = FooterKey(key, display, description, action, disabled=not enabled, tooltip=tooltip)
        widget.set_reactive(FooterKey.compact, self.compact)
        widget.set_class(self.compact, "-compact", update=False)
        return widget

    def compose(self) -> ComposeResult:
        self._rebuild_pending = False
        if self._bindings_ready:
            self._drawn = self.shown_keys(self.screen)
        grouped = any(entry[-1] is not None for entry in self._drawn or ())
        keys: list[tuple[Entry, FooterKey]] = []
        for widget in super().compose():
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                # Born with the footer's ``compact`` (which ``data_bind`` gives it after mounting): otherwise each
                # key restyles itself twice on mount. The palette key is not bound in Textual; it stays as it is.
                widget.set_reactive(FooterKey.compact, self.compact)
                widget.set_class(self.compact, "-compact", update=False)
                keys.append((self._entry_of(widget), widget))
            yield widget
        self._keys = None if grouped else keys  # keys in groups are left to recompose

    def bindings_changed(self, screen: "Screen") -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if self._rebuild_pending:
            return  # the rebuild reads the bindings when it runs
        shown = self.shown_keys(screen)
        if shown == self._drawn:
            return
        if self._patch(screen, shown):
            self._drawn = shown
            return
        self._rebuild_pending = True
        self.call_after_refresh(self.recompose)

    def _patch(self, screen: "Screen", shown: tuple[tuple[object, ...], ...]) -> bool:
        """Remove the keys that went and mount the ones that came, when that is all that changed."""
        if self._keys is None or self._drawn is None:
            return False
        palette = [entry for entry in shown if entry[0] == screen.app.COMMAND_PALETTE_BINDING]
        if palette != [entry for entry in self._drawn if entry[0] == screen.app.COMMAND_PALETTE_BINDING]:
            return False
        wanted = self._plain_entries(screen)
        if wanted is None:
            return False
        kept = [(entry, widget) for entry, widget in self._keys if entry in wanted]
        if [entry for entry, _ in kept] != [entry for entry in wanted if entry in dict(kept)]:
            return False  # the order changed: recompose
        for entry, widget in self._keys:
            if entry not in wanted:
                widget.remove()
        keys: list[tuple[Entry, FooterKey]] = []
        following = {entry: widget for entry, widget in kept}
        for position, entry in enumerate(wanted):
            if entry in following:
                keys.append((entry, following[entry]))
                continue
            # Before the next key that stays, else at the end (the palette key is docked right: its place is moot).
            anchor = next((following[e] for e in wanted[position + 1 :] if e in following), None)
            widget = self._new_key(entry)
            if anchor is not None:
                self.mount(widget, before=anchor)
            else:
                self.mount(widget)
            keys.append((entry, widget))
        self._keys = keys
        return True
