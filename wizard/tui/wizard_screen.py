"""The wizard: the step list on the left, the current step on the right, Back/Next below.

Steps are mounted the first time they are shown and kept; every change of
step writes the step back to the model and saves through the store
(autosave). A file someone else changed on disk is shown in a banner as soon
as it is seen (:mod:`wizard.tui.watch`); saving over it asks first, with the
dashboard's question and flow (:mod:`wizard.tui.saving`): both count when the
two changed different fields. Next validates the whole step and refuses to go
on while it has errors; Back and jumping from the list never lose what was
typed (what cannot be saved yet is kept as a draft).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Button, ContentSwitcher, Header, OptionList, Static

from wizard import memory
from wizard.i18n import language, t
from wizard.tui import bindings
from wizard.tui.host import host
from wizard.tui.saving import SaveFlow
from wizard.tui.steps import STEPS, StepInfo
from wizard.tui.steps.state import blocked_steps, first_incomplete, mark_visited, step_states, visited
from wizard.tui.tcss import beside
from wizard.tui.watch import OutsideChanges, show_banner
from wizard.tui.widgets.footer import QuietFooter
from wizard.tui.widgets.sidebar import StepList

if TYPE_CHECKING:
    from wizard.tui.commands import Entry
    from wizard.tui.conflict import Resolution
    from wizard.tui.help import HelpTopic
    from wizard.tui.session import Session
    from wizard.tui.steps.base import Step

NARROW_BELOW = 100


class WizardScreen(Screen[None]):
    # DEFAULT_CSS, not CSS_PATH: a screen's CSS_PATH makes Textual parse every stylesheet of the app again
    # from scratch and restyle the whole app when the screen is first pushed (~10 ms at start-up).
    DEFAULT_CSS = beside(__file__)

    #: No focus on the first focusable widget: each step focuses its own first field when shown.
    AUTO_FOCUS = ""

    step: reactive[int] = reactive(0, bindings=True)

    def __init__(self, session: "Session", start: int | None = None) -> None:
        super().__init__(name="wizard")
        bindings.install(self, "wizard")
        self.session = session
        self.start = start
        self.outside = OutsideChanges(session)  # files someone else changed since we read them
        self.flow = SaveFlow(self, session, settled=self._settled)
        self.steps: dict[int, "Step"] = {}
        self._states: dict[int, str] = {}
        self._states_key: object = None
        self.sub_title = session.portfolio.settings.company.name or session.root.name

    # ----------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        # The first step is chosen, built and placed here, and ``step`` set quietly, so the screen is laid
        # out and drawn once with everything in it (footer keys included) instead of once per arrival.
        self.session.forget_findings()  # e.g. the dashboard edits cities without touching them
        self._states_key = self._states_stamp()
        self._states = self.compute_states()
        start = self.start or first_incomplete(self._states)
        self.set_reactive(WizardScreen.step, start)
        first = self.new_step(start)
        # Narrow from the start when the terminal is: a class added on the first resize restyles every widget.
        narrow = self.app.size.width < NARROW_BELOW
        self.set_class(narrow, "-narrow", update=False)
        yield Header()
        with Horizontal(id="body"):
            yield StepList(id="sidebar", classes="-narrow" if narrow else "")
            with Vertical(id="main"):
                yield Static("", id="changes", markup=False)
                with ContentSwitcher(id="steps", initial=first.id):
                    yield first
                with Horizontal(id="nav"):
                    yield Button(t("tui.nav.back"), id="back", compact=True)
                    yield Static("", id="status", markup=False)
                    yield Button(t("tui.nav.next"), id="next", compact=True, variant="primary")
        yield QuietFooter()

    def on_mount(self) -> None:
        # The modules, the catalog, the open portfolio and the steps once built live as long as this screen:
        # out of the cyclic collector's sight, or every full collection walks them all again (memory.py).
        memory.keep_alive()
        self.query_one(StepList).set_states(self._states)
        number = self.step
        self.steps[number].load(self.session.portfolio)
        self.show_position(number)
        self.steps[number].on_show_step()
        host(self).outside_trigger.start(self, self.poll_outside)

    def on_resize(self) -> None:
        narrow = self.size.width < NARROW_BELOW
        self.query_one(StepList).set_narrow(narrow)
        self.set_class(narrow, "-narrow")

    # ----------------------------------------------------------- state

    @property
    def visited(self) -> set[int]:
        return visited(self.session.drafts)

    def mark_visited(self, number: int) -> None:
        mark_visited(self.session.drafts, number)

    def compute_states(self) -> dict[int, str]:
        """Each step's state from the portfolio; one whose Next would be refused has errors, whatever its answers:
        its Next was just refused, or it holds typing that could not be saved (a draft)."""
        blocked = blocked_steps(self.session.drafts, self.session.refused)
        return step_states(self.session.portfolio, self.session.catalog, self.session.findings(), self.visited, blocked)

    def _states_stamp(self) -> object:
        return (self.session.stamp(), self.visited, frozenset(self.session.refused), frozenset(self.session.drafts.items()))

    def refresh_states(self) -> dict[int, str]:
        """The step list's icons, worked out again only when the portfolio, the visited or refused steps or the drafts changed."""
        key = self._states_stamp()
        if key != self._states_key:
            self._states_key = key
            self._states = self.compute_states()
            self.query_one(StepList).set_states(self._states)
        return self._states

    @property
    def current(self) -> "Step | None":
        return self.steps.get(self.step)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Back and Next only when there is somewhere to go, so the footer shows no dead key."""
        if action == "back":
            return self.step > 1
        if action == "next":
            return 0 < self.step < len(STEPS)
        if action == "reload":
            return bool(self.outside.paths)
        return True

    def watch_step(self, number: int) -> None:
        if number:
            self.show_position(number)

    def show_position(self, number: int) -> None:
        """Back/Next, the highlighted step in the list and "step n of 10" for the step shown."""
        for button, dead in ((self.query_one("#back", Button), number <= 1), (self.query_one("#next", Button), number >= len(STEPS))):
            button.disabled = dead
            button.visible = not dead  # a button that leads nowhere is not offered (its place kept, the others stay put)
        sidebar = self.query_one(StepList)
        with sidebar.prevent(OptionList.OptionHighlighted):
            sidebar.highlighted = number - 1
        self.set_status(t("tui.nav.position", number=number, total=len(STEPS)))

    def set_status(self, text: str) -> None:
        self.query_one("#status", Static).update(text)

    # ----------------------------------------------------------- moving

    async def show_step(self, number: int) -> None:
        """Mount (first time) and load a step, then make it the visible one."""
        if number not in self.steps:
            await self.query_one(ContentSwitcher).mount(self.new_step(number))
            self.switch_to(number)
            memory.keep_alive()  # the step and its rows (290 cities: tens of thousands of objects) stay as long as we do
        else:
            self.switch_to(number)

    def new_step(self, number: int) -> "Step":
        """The step's widget, imported and built the first time it is shown (STYLE.md 18)."""
        from wizard.tui.steps.base import step_class

        info: StepInfo = STEPS[number - 1]
        widget = self.steps[number] = step_class(info)(self.session, info)
        return widget

    def switch_to(self, number: int) -> None:
        """Load a mounted step from the model and make it the visible one."""
        widget = self.steps[number]
        switcher = self.query_one(ContentSwitcher)
        widget.load(self.session.portfolio)
        switcher.current = widget.id
        self.step = number
        widget.on_show_step()
        # The sidebar's states need a full validation: done after the step is on screen.
        self.call_after_refresh(self.refresh_states)

    def go(self, number: int, *, validate: bool = False) -> bool:
        """Leave the current step (checking it on Next), save, and show another."""
        current = self.current
        if current is not None:
            if validate:
                if not current.check():
                    self.session.refused.add(current.info.number)
                    self.notify(t("tui.nav.fix_first"), severity="error", timeout=4)
                    self.refresh_states()
                    return False
                self.session.refused.discard(current.info.number)
                self.mark_visited(current.info.number)
                self.mark_checklist(current.info.number)
            else:
                current.to_model(self.session.portfolio)
        self.autosave(then=lambda: self._show(number))
        return True

    def mark_checklist(self, number: int) -> None:
        """The checklist items the step's answers show done are marked done (covers.py), and the user is told."""
        from wizard.tui.steps.covers import mark_covered

        marked = mark_covered(number, self.session.portfolio, self.session.catalog, host(self).today)
        if not marked:
            return
        self.session.touch(*{m.code for m in marked if m.code})
        lang, catalog = language(), self.session.catalog
        counts: dict[str, int] = {}
        for m in marked:
            counts[m.item] = counts.get(m.item, 0) + (1 if m.code else 0)
        items = []
        for item_id, cities in counts.items():
            item = catalog.item(item_id)
            title = item.title(lang) if item else item_id
            items.append(t("tui.checklist.in_cities", item=title, n=cities) if cities else title)
        self.notify(t("tui.checklist.marked", items="; ".join(items)), timeout=6, markup=False)

    def _show(self, number: int) -> None:
        if number in self.steps:
            self.switch_to(number)  # at once: no round trip through the message queue
        else:
            self.call_later(self.show_step, number)

    def autosave(self, then: Callable[[], object] | None = None, everything: bool = False, leaving: bool = False) -> None:
        """Save now; when someone else changed a file we write, ask first (and go on only once it is written).

        ``leaving``: the save before F2, Ctrl+O or Ctrl+Q; after a hang-up (nobody to ask) it leaves even
        when a file had to wait.
        """

        def saved(written: Sequence[Path]) -> None:
            self.set_status(t("tui.save.saved", n=len(written)) if written else t("tui.save.nothing"))
            self.poll_outside(notify=False)  # what we just wrote is no longer someone else's change
            if then is not None:
                then()

        def waiting() -> None:
            self.set_status(t("tui.save.not_saved"))
            if leaving and host(self).hung_up and then is not None:
                then()  # nobody is there to try again: leave with the rest saved

        self.flow.save(lambda: self.session.save(everything), then=saved, waiting=waiting)

    def _settled(self, paths: list[Path], resolution: "Resolution") -> None:
        """The model holds what the user chose: the step shows it (theirs, or both)."""
        from wizard.tui.conflict import Resolution

        if self.current is not None and resolution is not Resolution.MINE:
            self.current.load(self.session.portfolio)
        if resolution is Resolution.THEIRS:
            self.notify(t("tui.conflict.reloaded"), timeout=4)
        self.poll_outside(notify=False)

    # ----------------------------------------------------------- someone else's changes

    def poll_outside(self, notify: bool = True) -> None:
        """When the trigger fires (every two seconds): a stat per file; a banner names those someone else changed."""
        if not self.flow.asking:
            self.outside.poll(self, self.show_changes, notify=notify)

    def show_changes(self) -> None:
        show_banner(self, self.outside.banner())

    def action_reload(self) -> None:
        self.after_typing(self._reload)

    def _reload(self) -> None:
        """Ctrl+R: take their version of the files someone else changed; where we changed the file too, ask."""
        from wizard.tui.saving import store_errors

        _, store_error = store_errors()
        if self.current is not None:
            self.current.to_model(self.session.portfolio)  # what is typed counts as ours
        self.outside.look()
        ours = []
        for path in list(self.outside.paths):
            try:
                if self.session.merge(path).mine_changed:
                    ours.append(path)
                    continue
                self.session.reload(path)
            except store_error:
                ours.append(path)  # gone or unreadable: the question says so
        if self.current is not None:
            self.current.load(self.session.portfolio)
        self.poll_outside(notify=False)
        self.call_after_refresh(self.refresh_states)
        if ours:
            self.flow.ask(ours, retry=partial(self.autosave, self.refresh_states, True), waiting=self.show_changes)
        else:
            self.notify(t("tui.conflict.reloaded"), timeout=4)

    # ----------------------------------------------------------- actions

    def after_typing(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` once the keys already queued for the focused field have reached it.

        Ctrl+S, Ctrl+N, Ctrl+T and Ctrl+Q are priority bindings: they run as the key
        reaches the app, possibly before letters typed just ahead of them (a fast
        typist, a laggy link) are in the field. Queued behind those letters, the
        action sees everything that was typed.
        """
        if not (self.app.focused or self).call_later(callback):
            self.call_later(callback)

    def action_next(self) -> None:
        self.after_typing(self._next)

    def _next(self) -> None:
        if self.step < len(STEPS):
            self.go(self.step + 1, validate=True)

    def action_back(self) -> None:
        self.after_typing(self._back)

    def _back(self) -> None:
        if self.step > 1:
            self.go(self.step - 1)

    def action_goto(self, number: int) -> None:
        if number != self.step:
            self.go(number)

    def action_scroll_step(self, method: str) -> None:
        """PageDown, PageUp, End, Home: scroll the step also from a text area or a list of logos (issue 16, item 9).

        Those widgets kept the keys to move inside their few lines, so the rest
        of the step (step 5's preview, step 8's dates) was out of reach. A
        field keeps End and Home for its text, and a text area too until the
        cursor is already at the end (or start) of the line shown; everywhere else
        the step's own scrolling answers, as before.
        """
        from textual.actions import SkipAction
        from textual.widgets import SelectionList, TextArea

        focused, step = self.focused, self.current
        if step is None or not isinstance(focused, (TextArea, SelectionList)):
            raise SkipAction()
        if isinstance(focused, TextArea) and (
            (method == "scroll_end" and focused.cursor_location != focused.get_cursor_line_end_location())
            or (method == "scroll_home" and focused.cursor_location != focused.get_cursor_line_start_location(smart_home=True))
        ):
            raise SkipAction()  # End and Home move the cursor while they can (a wrapped line: its part on screen)
        getattr(step, method)(animate=False)

    def action_focus_steps(self) -> None:
        """Ctrl+G: the step list, at once (``focus()`` would wait for the keys already queued: End and Enter typed
        right after it, as a fast typist or a busy machine delivers them, went to the field and opened its menu)."""
        from wizard.tui.steps.base import focus_now

        focus_now(self.query_one(StepList))

    def action_save(self) -> None:
        self.after_typing(self._save_now)

    def _save_now(self) -> None:
        if self.current is not None:
            self.current.to_model(self.session.portfolio)
        self.autosave(then=self.refresh_states, everything=True)

    def help_topic(self) -> "HelpTopic":
        """F1: what the step is for, what the rollout checklist says about it, and the keys."""
        from wizard.tui.help import HelpTopic

        info = STEPS[max(self.step, 1) - 1]
        return HelpTopic(t("tui.help.title_step", number=info.number, title=info.title), info.help, ("wizard",))

    def palette_entries(self) -> list["Entry"]:
        """Ctrl+P: every step by its number and title."""
        from wizard.tui.commands import entry

        return [
            entry(
                t("tui.palette.goto", number=info.number, title=info.title),
                t(f"tui.step.{info.key}.palette"),
                partial(self.action_goto, info.number),
            )
            for info in STEPS
        ]

    def action_toggle_language(self) -> None:
        """F8: the other language, at the same step; what is typed is saved first."""
        app, session, step = host(self), self.session, self.step

        def restart() -> None:
            app.switch_language()
            app.start_screen(session, start=step)

        self.save_before_quit(restart)

    def save_before_quit(self, then: Callable[[], object]) -> None:
        if self.current is not None:
            self.current.to_model(self.session.portfolio)
        self.autosave(then=then, everything=True, leaving=True)

    @on(Button.Pressed, "#back")
    def _back_pressed(self) -> None:
        self.action_back()

    @on(Button.Pressed, "#next")
    def _next_pressed(self) -> None:
        self.action_next()

    def on_step_visited(self, message: "Step.Visited") -> None:
        self.mark_visited(message.number)
        self.call_after_refresh(self.refresh_states)

    @on(OptionList.OptionSelected, "#sidebar")
    def _jump(self, event: OptionList.OptionSelected) -> None:
        self.action_goto(event.option_index + 1)
