"""Step 8: per municipality, the sign (logos, extra lines, languages, a preview), signs up, and tenant information.

Tenant information can be dated only once the sign is up in every entrance,
and not before the day the last one went up (the police pilot's rule).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, Select, SelectionList, Static, TextArea

from wizard import model
from wizard.i18n import language, t
from wizard.parse import stored_count
from wizard.tui.host import host
from wizard.tui.steps.base import Step, load_messages
from wizard.tui.tcss import beside
from wizard.tui.widgets.fields import FieldInput, FormField, assign, done_date_input, int_input, show_date, show_number

if TYPE_CHECKING:
    from wizard.model import City, Portfolio
    from wizard.validation import Finding

LOGO_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")
DATE_FIELDS = {"placed": "place_signs", "informed": "inform_tenants"}


class SignsStep(Step):
    DEFAULT_CSS = beside(__file__)
    LOAD_MESSAGES = load_messages(Select, TextArea, Checkbox, SelectionList)
    BINDINGS = [Binding("f5", "preview", show=False, id="signs.preview")]

    def compose_form(self) -> ComposeResult:
        yield FormField(t("tui.partners.city"), Select([], allow_blank=True, id="city", compact=True, prompt=t("tui.partners.choose_city")), id="f-city")
        with Horizontal(id="columns"):
            with Vertical(id="left"):
                yield Static(t("tui.signs.logos"), classes="field--label", markup=False)
                yield SelectionList[str](id="logos")
                yield Static("", id="no-logos", markup=False)
                yield FormField(t("tui.signs.extra_lines"), TextArea(id="extra_lines", soft_wrap=True, compact=True, tab_behavior="focus"), hint=t("tui.signs.extra_hint"), id="f-extra_lines", stacked=True)
                with Horizontal(id="langs"):
                    yield Checkbox(t("tui.signs.lang_sv"), id="lang-sv", compact=True)
                    yield Checkbox(t("tui.signs.lang_en"), id="lang-en", compact=True)
                # Shown with English on the sign: the same lines in English, paired by position.
                yield FormField(t("tui.signs.extra_lines_en"), TextArea(id="extra_lines_en", soft_wrap=True, compact=True, tab_behavior="focus"), id="f-extra_lines_en", stacked=True)
            with Vertical(id="preview-box"):
                yield Static(t("tui.signs.preview"), classes="heading", markup=False)
                yield Static("", id="preview", markup=False)
        yield Static(t("tui.signs.progress"), classes="heading", markup=False)
        yield FormField(t("tui.signs.signs_up"), int_input(id="signs_up"), id="f-signs_up")
        yield FormField(t("tui.signs.placed"), done_date_input(host(self).today, id="placed"), hint=t("tui.signs.placed_hint"), id="f-placed")
        yield FormField(t("tui.signs.informed"), done_date_input(host(self).today, id="informed"), hint=t("tui.signs.informed_hint"), id="f-informed")
        yield Button(t("tui.signs.preview_letter"), id="preview-letter", compact=True)

    # ----------------------------------------------------------- model

    def city(self) -> "City | None":
        code = self.query_one("#city", Select).value
        return self.session.portfolio.cities.get(code) if isinstance(code, str) else None

    def logo_files(self) -> list[str]:
        folder = self.session.root / model.LOGOS_DIR
        try:
            return sorted(
                f"{model.LOGOS_DIR}/{p.name}" for p in folder.iterdir() if p.is_file() and p.suffix.lower() in LOGO_SUFFIXES
            )
        except OSError:
            return []

    def load_fields(self, portfolio: "Portfolio") -> None:
        self.fill_city_select(self.query_one("#city", Select), portfolio)
        self.load_city()

    def load_city(self) -> None:
        city = self.city()
        self.query_one("#columns").display = city is not None
        for key in ("f-signs_up", "f-placed", "f-informed"):
            self.query_one(f"#{key}").display = city is not None
        if city is None:
            return
        with self.prevent(Input.Changed, TextArea.Changed, Checkbox.Changed, SelectionList.SelectedChanged):
            files = self.logo_files()
            extra = [x for x in city.sign.logos if x not in files]  # listed so nothing is silently dropped
            logos = self.query_one("#logos", SelectionList)
            logos.clear_options()
            logos.add_options([(Text(name), name, name in city.sign.logos) for name in [*files, *extra]])
            logos.display = bool(files or extra)
            no_logos = self.query_one("#no-logos", Static)
            no_logos.update(t("tui.signs.no_logos", folder=model.LOGOS_DIR + "/"))
            no_logos.display = not (files or extra)
            self.query_one("#extra_lines", TextArea).text = "\n".join(city.sign.extra_lines)
            self.query_one("#extra_lines_en", TextArea).text = "\n".join(city.sign.extra_lines_en)
            self.query_one("#lang-sv", Checkbox).value = "sv" in city.sign.languages
            self.query_one("#lang-en", Checkbox).value = "en" in city.sign.languages
            for key, widget in self.draft_fields():
                name = widget.id or ""
                if key in self.session.drafts:
                    widget.value = self.session.drafts[key]
                elif name == "signs_up":
                    widget.value = show_number(city.signs_up)
                if name == "signs_up":
                    widget.disabled = bool(city.buildings)  # counted from the entrances, not typed
                else:
                    entry = city.progress.get(DATE_FIELDS[name])
                    widget.value = show_date(entry.date) if entry and entry.status == "done" else ""
        self.update_dependents()

    def _overlay_drafts(self) -> None:
        """Drafts are per municipality and applied in ``load_city``."""

    def draft_fields(self) -> Iterator[tuple[str, FieldInput]]:
        city = self.city()
        if city is not None:
            for name in ("signs_up", *DATE_FIELDS):
                yield f"{self.info.key}.{city.code}.{name}", self.query_one(f"#{name}", FieldInput)

    def write_fields(self, portfolio: "Portfolio") -> None:
        city = self.city()
        if city is not None:
            with self.editing(city):
                self._write_city(city)

    def _write_city(self, city: "City") -> None:
        city.sign.logos = list(self.query_one("#logos", SelectionList).selected)
        for key in ("extra_lines", "extra_lines_en"):
            if self.query_one(f"#f-{key}", FormField).may_save():  # what the case-data guard refuses is never written
                setattr(city.sign, key, [x.strip() for x in self.query_one(f"#{key}", TextArea).text.splitlines() if x.strip()])
        shown = ("sv", "en")  # the other sign languages (checklists/languages.toml) are set in the city file
        checked = {lang for lang in shown if self.query_one(f"#lang-{lang}", Checkbox).value}
        langs = [lg for lg in city.sign.languages if lg not in shown or lg in checked]
        langs += [lg for lg in shown if lg in checked and lg not in langs]
        city.sign.languages = langs or ["sv"]
        signs_up = self.query_one("#signs_up", FieldInput)
        if signs_up.parses() and not signs_up.disabled:
            assign(city, "signs_up", signs_up.parsed(0))
        for name, item in DATE_FIELDS.items():
            widget = self.query_one(f"#{name}", FieldInput)
            if widget.disabled or not widget.parses():
                continue  # a field the user cannot edit now never changes what is recorded
            day = widget.parsed(None)
            entry = city.progress.get(item)
            if day is not None:
                if entry is None:
                    city.progress[item] = model.ProgressEntry("done", day)
                else:
                    entry.status, entry.date = "done", day
            elif entry is not None and entry.status == "done":
                entry.status, entry.date = ("doing" if name == "placed" and stored_count(city.signs_up) else "todo"), None

    # ----------------------------------------------------------- dependent fields and preview

    def all_up(self) -> bool:
        city = self.city()
        if city is None:
            return False
        signs = self.query_one("#signs_up", FieldInput).parsed(None)
        return isinstance(signs, int) and stored_count(city.entrances) > 0 and signs >= city.entrances

    def update_dependents(self) -> None:
        city = self.city()
        if city is None:
            return
        signs_field = self.query_one("#f-signs_up", FormField)
        signs_field.query_one(".field--label", Label).update(t("tui.signs.signs_up_of", entrances=show_number(city.entrances)))
        up = self.all_up()
        placed = self.query_one("#placed", FieldInput)
        informed = self.query_one("#informed", FieldInput)
        # Dated only once every entrance has a sign; a date already there stays editable, so it can be cleared.
        placed.disabled = not up and not placed.value.strip()
        informed.disabled = not (up and placed.parsed(None) is not None) and not informed.value.strip()
        self.query_one("#f-extra_lines_en").display = self.query_one("#lang-en", Checkbox).value
        self.update_preview()

    def update_preview(self) -> None:
        """The sign's words as the export prints them (one source: documents.sign_preview), and the logos chosen."""
        from wizard import documents

        city = self.city()
        if city is None:
            return
        portfolio = self.session.portfolio
        lines = documents.sign_preview(portfolio, city.code, language(), host(self).today) if city.code in portfolio.cities else []
        chosen = list(self.query_one("#logos", SelectionList).selected)
        if chosen:
            lines += ["", t("tui.signs.with_logos", n=len(chosen))]
        self.query_one("#preview", Static).update("\n".join(lines))

    @on(Select.Changed, "#city")
    def _city_changed(self) -> None:
        self.load_city()

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Checkbox.Changed)
    @on(SelectionList.SelectedChanged)
    def _changed(self) -> None:
        self.to_model(self.session.portfolio)  # first: the preview is drawn from the model, as the export is
        self.update_dependents()

    def action_preview(self) -> None:
        city = self.city()
        if city is None:
            return
        from wizard import documents
        from wizard.tui.widgets.preview import PreviewScreen

        self.to_model(self.session.portfolio)
        text = documents.render_tenant_info(self.session.portfolio, city.code, language(), host(self).today)
        self.app.push_screen(PreviewScreen(t("tui.signs.letter_title", name=city.name), text))

    @on(Button.Pressed, "#preview-letter")
    def _preview(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_preview()

    # ----------------------------------------------------------- checking

    def field_for(self, finding: "Finding") -> FormField | None:
        from wizard.tui.steps.state import city_code_of

        city = self.city()
        if city is None or city_code_of(finding) != city.code:
            return None
        if finding.path == "signs_up":
            return self.query_one("#f-signs_up", FormField)
        if finding.path.startswith("progress.inform_tenants"):
            return self.query_one("#f-informed", FormField)
        if finding.path.startswith("progress.place_signs"):
            return self.query_one("#f-placed", FormField)
        if finding.path.startswith("sign.extra_lines_en"):
            return self.query_one("#f-extra_lines_en", FormField)
        if finding.path.startswith("sign.extra_lines"):
            return self.query_one("#f-extra_lines", FormField)
        return None

    def step_problems(self) -> list[tuple[str, bool]]:
        return self.pending_drafts(getattr(self.city(), "code", None))
