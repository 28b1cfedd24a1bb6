"""Step 10: how complete each step is, the findings of ``check``, and the export with visible progress."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, Checkbox, Input, ProgressBar, RadioButton, RadioSet, Static

from wizard.i18n import language, t
from wizard.tui import delivery
from wizard.tui.host import host
from wizard.tui.places import finding_place
from wizard.tui.steps import STEPS
from wizard.tui.steps.base import Step, load_messages
from wizard.tui.steps.state import DONE, ICONS, WARNINGS, blocked_steps, step_states
from wizard.tui.steps.state import visited as steps_visited
from wizard.tui.tcss import beside
from wizard.tui.widgets.fields import ChoiceSet, FieldInput, FormField, text_input

if TYPE_CHECKING:
    from wizard.model import Portfolio

FORMATS = ("md", "toml", "ics", "html", "pdf")  # documents.FORMATS, in the order shown
DEFAULT_OUT = "export"
MAX_FINDINGS = 30


class ReviewStep(Step):
    DEFAULT_CSS = beside(__file__)
    LOAD_MESSAGES = load_messages(RadioSet, Checkbox)

    def compose_form(self) -> ComposeResult:
        yield Static(t("tui.review.steps"), classes="heading", markup=False)
        yield Static("", id="states", markup=False)
        yield Static(t("tui.review.findings"), classes="heading", markup=False)
        yield Static("", id="findings", markup=False)
        yield Static(t("tui.review.export"), classes="heading", markup=False)
        with Horizontal(id="formats"):
            for f in FORMATS:
                yield Checkbox(t(f"tui.review.format.{f}"), value=True, id=f"fmt-{f}", compact=True)
        with Horizontal(id="lang-row"):
            yield Static(t("tui.review.language"), classes="field--label", markup=False)
            with ChoiceSet(id="lang"):
                yield RadioButton("Svenska", id="lang-sv")
                yield RadioButton("English", id="lang-en")
        yield FormField(t("tui.review.folder"), text_input(id="out", kept=False, required=True), hint=t("tui.review.folder_hint"), id="f-out")
        yield Checkbox(t("tui.review.force"), id="force", compact=True)
        with Horizontal(id="go-row"):
            yield Button(t("tui.review.go"), id="export", variant="success", compact=True)
            yield ProgressBar(id="progress", show_eta=False, show_percentage=True)
        yield Static("", id="result", markup=False)

    # ----------------------------------------------------------- model

    def load_fields(self, portfolio: "Portfolio") -> None:
        if self.query_one("#lang", ChoiceSet).pressed_id is None:
            self.query_one("#lang", ChoiceSet).press(f"lang-{language()}")
        out = self.query_one("#out", FieldInput)
        if not out.value:
            out.value = DEFAULT_OUT
        self.refresh_review()

    def write_fields(self, portfolio: "Portfolio") -> None:
        """The export choices are not part of the portfolio."""

    def refresh_review(self) -> None:
        visited = steps_visited(self.session.drafts)
        blocked = blocked_steps(self.session.drafts, self.session.refused)
        if self.unchanged("review", host(self).today, visited, frozenset(blocked)):
            return
        findings = self.session.findings(today=host(self).today)
        states = step_states(self.session.portfolio, self.session.catalog, findings, visited, blocked)
        lines = []
        for info in STEPS[:-1]:
            state = states[info.number]
            lines.append(f"{ICONS[state]} {info.number:>2} {info.title} – {t(f'tui.state.{state}')}")
        self.query_one("#states", Static).update("\n".join(lines))
        errors = [f for f in findings if f.severity == "error"]
        warnings = [f for f in findings if f.severity != "error"]
        box = self.query_one("#findings", Static)
        unfinished = [f"{info.number} {info.title}" for info in STEPS[:-1] if states[info.number] not in (DONE, WARNINGS)]
        if not findings and unfinished:  # nothing wrong in what is there: it is still not all there
            box.update(Content.styled("▲ " + t("tui.review.clean_but_unfinished", steps=", ".join(unfinished)), "$text-warning"))
        elif not findings:
            box.update(Content.styled("✔ " + t("tui.review.clean"), "$text-success"))
        else:
            counts = t("tui.review.n_errors", n=len(errors)), t("tui.review.n_warnings", n=len(warnings))
            rows = [t("tui.review.counts", errors=counts[0], warnings=counts[1])]
            portfolio, catalog = self.session.portfolio, self.session.catalog
            for f in [*errors, *warnings][:MAX_FINDINGS]:
                rows.append(f"{'✖' if f.severity == 'error' else '▲'} {finding_place(f, portfolio, catalog)}: {f.message()}")
            if len(findings) > MAX_FINDINGS:
                rows.append(t("tui.review.more", n=len(findings) - MAX_FINDINGS))
            box.update("\n".join(rows))
        force = self.query_one("#force", Checkbox)
        force.display = bool(errors)
        self.findings = findings

    # ----------------------------------------------------------- export

    def expected_files(self, formats: list[str]) -> int:
        """How many files the export writes (the progress bar's length): the registry's documents of ``formats``."""
        from wizard.documents import REGISTRY

        cities = len(self.session.portfolio.cities)
        return sum(cities if d.per_city else 1 for d in REGISTRY if d.format in formats and not d.per_year)

    @on(Input.Submitted, "#out")
    @on(Button.Pressed, "#export")
    def start_export(self, event: Button.Pressed | Input.Submitted | None = None) -> None:
        """The export button, or Enter in the folder field: the export runs without the mouse too."""
        if event is not None:
            event.stop()
        if self.query_one("#export", Button).disabled:  # one export at a time
            return
        formats = [f for f in FORMATS if self.query_one(f"#fmt-{f}", Checkbox).value]
        out = self.query_one("#out", FieldInput)
        field = self.query_one("#f-out", FormField)
        outside = self.app.is_web and not out.problem() and not delivery.inside(self.session.root, self.out_dir(out.value))
        field.show_message(out.problem() or (None if formats else t("tui.review.no_format")) or (t("tui.review.folder_outside") if outside else None))
        if not formats or out.problem() or outside:
            return
        self.post_message(self.Visited(self.info.number))  # an export finishes the wizard, as Next would
        pressed = self.query_one("#lang", ChoiceSet).pressed_id
        lang = pressed.removeprefix("lang-") if pressed else language()
        bar = self.query_one("#progress", ProgressBar)
        bar.update(total=self.expected_files(formats) + 1, progress=0)
        self.query_one("#export", Button).disabled = True
        self.query_one("#result", Static).update(t("tui.review.running"))
        bar.display = True
        self.run_export(self.out_dir(out.value), formats, lang, self.query_one("#force", Checkbox).value)

    def out_dir(self, text: str) -> Path:
        """A relative folder is inside the portfolio's folder, whatever the current directory."""
        path = Path(text.strip()).expanduser()
        return path if path.is_absolute() else self.session.store.root / path  # the real folder, whatever link led to it

    @work(thread=True, exclusive=True, group="export")
    def run_export(self, out: Path, formats: list[str], lang: str, force: bool) -> None:
        from wizard import documents

        def progress(message: str) -> None:
            self.app.call_from_thread(self._progress, message)

        notices: list[str] = []  # what the user must know about the set (PDFs that could not be made, a logo left out)

        try:
            written = documents.export(
                self.session.portfolio,
                out,
                formats=formats,
                lang=lang,
                today=host(self).today,
                force=force,
                findings=self.findings,
                logos_root=self.session.root,
                progress=progress,
                notice=notices.append,
                catalog=self.session.catalog,
            )
        except Exception as error:  # ExportError and OSError carry a message for the user
            message = getattr(error, "message", None) or str(error)
            self.app.call_from_thread(self._finished, None, out, message)
            return
        self.app.call_from_thread(self._finished, written, out, None, notices)

    def _shown(self, out: Path) -> str:
        """Where the files went: the whole path in a terminal, so a user finds them; inside the portfolio in a browser,
        where the server's folders mean nothing to the colleague (the files are downloaded)."""
        if not self.app.is_web:
            return str(out.absolute())
        try:
            return str(out.relative_to(self.session.store.root))
        except ValueError:
            return str(out)

    def _progress(self, message: str) -> None:
        self.query_one("#progress", ProgressBar).advance(1)
        self.query_one("#result", Static).update(message)

    def _finished(self, written: list[Path] | None, out: Path, error: str | None, notices: tuple[str, ...] | list[str] = ()) -> None:
        bar = self.query_one("#progress", ProgressBar)
        self.query_one("#export", Button).disabled = False
        result = self.query_one("#result", Static)
        if error is not None:
            bar.update(progress=0)
            result.update(Content.styled("✖ " + error, "$text-error"))
            self.call_after_refresh(result.scroll_visible, animate=False)
            return
        if bar.total is not None:  # set when the export started
            bar.update(progress=bar.total)
        names = []
        for p in written or []:
            try:
                names.append(str(Path(p).relative_to(out)))
            except ValueError:
                names.append(str(p))
        said = "".join(f"▲ {n}\n" for n in notices)
        result.update(said + t("tui.review.done", n=len(names), folder=self._shown(out)) + "\n" + "\n".join(f"  {n}" for n in names))
        self.call_after_refresh(result.scroll_visible, animate=False)  # the result is below the button: bring it into view
        delivery.offer(self.app, out, written or [], host(self).today)
        self.refresh_review()
