"""The wizard: the step list on the left, the current step on the right, Back/Next below.

Steps are mounted the first time they are shown and kept; every change of
step writes the step back to the model and saves through the store
(autosave), asking first when someone else changed a file on disk. Next
validates the whole step and refuses to go on while it has errors; Back and
jumping from the list never lose what was typed (what cannot be saved yet is
kept as a draft).
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Button, ContentSwitcher, Header, OptionList, Static

from wizard.i18n import t
from wizard.tui import actions
from wizard.tui.tcss import beside
from wizard.tui.steps import STEPS, StepInfo
from wizard.tui.steps.state import first_incomplete, step_states
from wizard.tui.widgets.footer import QuietFooter
from wizard.tui.widgets.sidebar import StepList

if TYPE_CHECKING:
    from wizard.tui.session import Session
    from wizard.tui.steps.base import Step

VISITED_KEY = "wizard.visited"
NARROW_BELOW = 100


class WizardScreen(Screen):
    # DEFAULT_CSS, not CSS_PATH: a screen's CSS_PATH makes Textual parse every stylesheet of the app again
    # from scratch and restyle the whole app when the screen is first pushed (~10 ms at start-up).
    DEFAULT_CSS = beside(__file__)

    #: No focus on the first focusable widget: each step focuses its own first field when shown.
    AUTO_FOCUS = ""

    step: reactive[int] = reactive(0, bindings=True)

    def __init__(self, session: "Session", start: int | None = None) -> None:
        super().__init__(name="wizard")
        actions.install(self, "wizard")
        self.session = session
        self.start = start
        self.steps: dict[int, "Step"] = {}
        self._states: dict[int, str] = {}
        self._states_key: object = None
        self.sub_title = session.portfolio.settings.company.name or session.root.name

    # ----------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        # The first step is chosen, built and placed here, and ``step`` set quietly, so the screen is laid
        # out and drawn once with everything in it (footer keys included) instead of once per arrival.
        self.session.forget_findings()  # e.g. the dashboard edits cities without touching them
        self._states_key = (self.session.stamp(), self.visited)
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
                with ContentSwitcher(id="steps", initial=first.id):
                    yield first
                with Horizontal(id="nav"):
                    yield Button(t("tui.nav.back"), id="back", compact=True)
                    yield Static("", id="status", markup=False)
                    yield Button(t("tui.nav.next"), id="next", compact=True, variant="primary")
        yield QuietFooter()

    def on_mount(self) -> None:
        # The modules, the catalog, the open portfolio and the steps once built live as long as this screen:
        # take them out of the cyclic collector's sight, or every full collection walks them all again
        # (~50 ms while starting, 120-190 ms every few changes of step with 290 cities). Undone on unmount.
        gc.freeze()
        self.query_one(StepList).set_states(self._states)
        number = self.step
        self.steps[number].load(self.session.portfolio)
        self.show_position(number)
        self.steps[number].on_show_step()

    def on_unmount(self) -> None:
        gc.unfreeze()

    def on_resize(self) -> None:
        narrow = self.size.width < NARROW_BELOW
        self.query_one(StepList).set_narrow(narrow)
        self.set_class(narrow, "-narrow")

    # ----------------------------------------------------------- state

    @property
    def visited(self) -> set[int]:
        raw = self.session.drafts.get(VISITED_KEY, "")
        return {int(x) for x in raw.split(",") if x.isdigit()}

    def mark_visited(self, number: int) -> None:
        visited = self.visited | {number}
        self.session.drafts[VISITED_KEY] = ",".join(str(n) for n in sorted(visited))

    def compute_states(self) -> dict[int, str]:
        return step_states(self.session.portfolio, self.session.catalog, self.session.findings(), self.visited)

    def refresh_states(self) -> dict[int, str]:
        """The step list's icons, worked out again only when the portfolio or the visited steps changed."""
        key = (self.session.stamp(), self.visited)
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
        return True

    def watch_step(self, number: int) -> None:
        if number:
            self.show_position(number)

    def show_position(self, number: int) -> None:
        """Back/Next, the highlighted step in the list and "step n of 10" for the step shown."""
        self.query_one("#back", Button).disabled = number <= 1
        self.query_one("#next", Button).disabled = number >= len(STEPS)
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
            gc.freeze()  # the step and its rows (290 cities: tens of thousands of objects) stay as long as we do
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
                    self.notify(t("tui.nav.fix_first"), severity="error", timeout=4)
                    self.refresh_states()
                    return False
                self.mark_visited(current.info.number)
            else:
                current.to_model(self.session.portfolio)
        self.autosave(then=lambda: self._show(number))
        return True

    def _show(self, number: int) -> None:
        if number in self.steps:
            self.switch_to(number)  # at once: no round trip through the message queue
        else:
            self.call_later(self.show_step, number)

    def autosave(self, then: Callable[[], object] | None = None, everything: bool = False) -> None:
        """Save now, or ask first when a file changed on disk since we read it."""
        conflicts = self.session.conflicts(everything)
        if conflicts:
            from wizard.tui.conflict import ConflictScreen

            def resolved(choice: str | None) -> None:
                if self._resolve_conflict(choice, conflicts, everything) and then:
                    then()

            self.app.push_screen(ConflictScreen(self.session.root, conflicts), resolved)
            return
        if self._save(everything) and then:
            then()

    def _save(self, everything: bool = False) -> bool:
        from wizard.tui.session import store_module

        store = store_module()
        try:
            written = self.session.save(everything)
        except store.ConflictError:
            self.autosave(everything=everything)  # someone changed a file between the check and the write: ask
            return False
        except store.StoreError as error:
            self.notify(error.message, title=t("tui.save.failed"), severity="error", timeout=8, markup=False)
            return False
        self.set_status(t("tui.save.saved", n=len(written)) if written else t("tui.save.nothing"))
        return True

    def _resolve_conflict(self, choice: str | None, conflicts: list[Path], everything: bool = False) -> bool:
        if choice == "reload":
            for path in conflicts:
                self.session.reload(path)
            if self.current is not None:
                self.current.load(self.session.portfolio)
            self.notify(t("tui.conflict.reloaded"), timeout=4)
            return self._save(everything)
        if choice == "overwrite":
            self.session.keep_mine(conflicts)
            return self._save(everything)
        self.set_status(t("tui.save.not_saved"))
        return False

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

    def action_focus_steps(self) -> None:
        self.query_one(StepList).focus()

    def action_save(self) -> None:
        self.after_typing(self._save_now)

    def _save_now(self) -> None:
        if self.current is not None:
            self.current.to_model(self.session.portfolio)
        self.autosave(then=self.refresh_states, everything=True)

    def action_help(self) -> None:
        from wizard.tui.help import HelpScreen

        self.app.push_screen(HelpScreen(STEPS[max(self.step, 1) - 1]))

    def save_before_quit(self, then: Callable[[], object]) -> None:
        if self.current is not None:
            self.current.to_model(self.session.portfolio)
        self.autosave(then=then, everything=True)

    @on(Button.Pressed, "#back")
    def _back_pressed(self) -> None:
        self.action_back()

    @on(Button.Pressed, "#next")
    def _next_pressed(self) -> None:
        self.action_next()

    @on(OptionList.OptionSelected, "#sidebar")
    def _jump(self, event: OptionList.OptionSelected) -> None:
        self.action_goto(event.option_index + 1)
