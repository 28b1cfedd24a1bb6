"""Ctrl+P on the dashboard's screens: their own keys, and on the portfolio one entry per municipality.

The keys come from the registry (keys.py, STYLE.md 11): those bound on the
screen and on the widget with focus, left out when they would do nothing
there (the screen's ``check_action``), so the palette offers what the footer
offers, plus the hidden keys. On the portfolio table each municipality is an
entry too ("Öppna Göteborg (1480)"): type a name, Enter, and its view opens.
A name matches with or without å, ä, ö, like the filter.

Entries are built when the palette opens (``startup``), in the language
shown, never when the dashboard starts.
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
from wizard.tui.dashboard.keys import KEYS, Key

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.style import Style

    from wizard.tui.dashboard.rows import CityRow


@dataclass(frozen=True)
class Entry:
    title: str
    help: str
    run: Callable[[], object]
    discover: bool  # listed before anything is typed (the keys; municipalities only when searched for)
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
            i = owner[offset] if offset < len(owner) else None
            if i is not None and not self.title[i].isspace():
                content = content.stylize(style, i, i + 1)
        return content


def entry(title: str, help: str, run: Callable[[], object], discover: bool = True) -> Entry:
    return Entry(title, help, run, discover, model.fold(title))


def applicable_keys(screen: "Screen") -> list[Key]:
    """The registry's keys bound on the screen or on the widget with focus (and its parents), where they would act."""
    focused = screen.focused
    nodes = list(focused.ancestors_with_self) if focused is not None else []
    if screen not in nodes:
        nodes.append(screen)
    bound = {binding.id for node in nodes for bindings in node._bindings.key_to_bindings.values() for binding in bindings}
    found = []
    for key in KEYS:
        if not key.palette or key.id not in bound:
            continue
        destination, name, params = parse(key.action)
        target = screen.app if destination == "app" else screen
        if target.check_action(name, params):
            found.append(key)
    return found


def key_entries(screen: "Screen") -> list[Entry]:
    app = screen.app
    return [
        # "screen." means the screen the palette was opened over, not the palette itself
        entry(f"{key.label} ({key.shown_key})", key.help, partial(app.run_action, key.action, screen, {"screen": screen}))
        for key in applicable_keys(screen)
    ]


def city_entries(rows: dict[str, "CityRow"], open_city: Callable[[str], object]) -> list[Entry]:
    """One entry per municipality ("Öppna Göteborg (1480)"), found only when searched for."""
    entries = []
    for code, row in sorted(rows.items(), key=lambda item: model.fold(item[1].progress.name)):
        p = row.progress
        help = t("dashboard.palette.open_city_help", county=p.county or "—", done=p.done, total=p.total)
        title = t("dashboard.palette.open_city", name=p.name, code=code)
        entries.append(entry(title, help, partial(open_city, code), discover=False))
    return entries


@runtime_checkable
class OffersEntries(Protocol):
    """A screen with palette entries of its own besides its keys (the portfolio table: its municipalities)."""

    def palette_entries(self) -> list[Entry]: ...


def entries_for(screen: "Screen") -> list[Entry]:
    found = key_entries(screen)
    if isinstance(screen, OffersEntries):
        found += screen.palette_entries()
    return found


class DashboardCommands(Provider):
    """The dashboard's entries in the command palette, next to the app's (``HuskurageApp.get_system_commands``)."""

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
