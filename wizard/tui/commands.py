"""Ctrl+P: the keys that act where the palette was opened, and what the screen itself offers.

One provider for the whole app (``HuskurageApp.COMMANDS``). The keys come
from the one registry (:mod:`wizard.tui.keymap`, STYLE.md 11): those that
would act on the screen below, read from Textual's ``Screen.active_bindings``
(the widget with focus, its parents, the screen and the app; a key the screen
binds itself hides the app's), left out when they would do nothing there, so
the palette offers what the footer offers plus the hidden keys. A screen adds
entries of its own through :class:`OffersEntries`: the wizard one per step
("Gå till steg 3: Kommuner"), the portfolio table one per municipality
("Öppna Göteborg (1480)", found when searched for). Names match with or
without å, ä, ö, like the dashboard's filter.

Entries are built when the palette opens (``startup``), in the language
shown, never when a screen starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Callable, Protocol, runtime_checkable

from textual.actions import parse
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from wizard import model
from wizard.i18n import t
from wizard.tui.keymap import BY_ID

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.style import Style


@dataclass(frozen=True)
class Entry:
    title: str
    help: str
    run: Callable[[], object]
    discover: bool  # listed before anything is typed (keys and steps; municipalities only when searched for)
    folded: str  # the title as matched: lower case, without diacritics

    def highlighted(self, offsets: list[int], style: "Style") -> Content:
        """The title with the matched letters marked; offsets are in ``folded``, mapped back to the title.

        Built from plain text, never markup: a name with ``[`` shows as typed (STYLE.md 10).
        """
        owner: list[int] = []
        for i, ch in enumerate(self.title):
            owner.extend([i] * len(model.fold(ch)))
        content = Content(self.title)
        for offset in offsets:
            if offset < len(owner) and not self.title[owner[offset]].isspace():
                content = content.stylize(style, owner[offset], owner[offset] + 1)
        return content


def entry(title: str, help: str, run: Callable[[], object], discover: bool = True) -> Entry:
    return Entry(title, help, run, discover, model.fold(title))


@runtime_checkable
class OffersEntries(Protocol):
    """A screen with palette entries of its own besides its keys."""

    def palette_entries(self) -> list[Entry]: ...


def key_entries(screen: "Screen[object]") -> list[Entry]:
    """The registry's keys that would act on ``screen`` (and the app above it), in the registry's order."""
    app = screen.app
    acting = {}
    for active in screen.active_bindings.values():
        key = BY_ID.get(active.binding.id or "")
        if key is None or not key.palette or not active.enabled:
            continue
        destination, name, params = parse(key.action)
        if destination == "screen" and not screen.check_action(name, params):
            continue  # checked by Textual against the palette on top; it is the screen below that acts
        # "screen." means the screen the palette was opened over, not the palette itself
        run = partial(app.run_action, key.action, active.node, {"screen": screen})
        acting[key.id] = entry(f"{key.label} ({key.shown_key})", key.help, run)
    return [acting[k] for k in BY_ID if k in acting]


def entries_for(screen: "Screen[object]") -> list[Entry]:
    found = screen.palette_entries() if isinstance(screen, OffersEntries) else []
    found += key_entries(screen)
    found.append(entry(t("tui.palette.theme"), t("tui.palette.theme_help"), screen.app.action_change_theme))
    return found


class Commands(Provider):
    """Every entry of the command palette."""

    async def startup(self) -> None:
        self.entries = entries_for(self.screen)

    async def discover(self) -> Hits:
        for e in self.entries:
            if e.discover:
                yield DiscoveryHit(Content(e.title), e.run, text=e.title, help=e.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(model.fold(query))
        for e in self.entries:
            score, offsets = matcher.fuzzy_search.match(matcher.query, e.folded)
            if score > 0:
                yield Hit(score, e.highlighted(list(offsets), matcher.match_style), e.run, text=e.title, help=e.help)
