"""Step 5: the advice the sign gives neighbours, with a live preview of the sign's text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, RadioButton, RadioSet, Static, TextArea

from wizard import validation
from wizard.i18n import language, t
from wizard.tui.steps.base import Step, load_messages
from wizard.tui.tcss import beside
from wizard.tui.widgets.fields import ChoiceSet, FieldInput, FormField, text_input

if TYPE_CHECKING:
    from wizard.catalog import Catalog
    from wizard.model import Portfolio
    from wizard.validation import Finding


def sign_lines(
    variant_id: str, custom_steps: list[str], child_concern: bool, catalog: Catalog, lang: str, tell_us: bool = False
) -> list[str]:
    """The advice as the sign prints it: the question, numbered steps (child concern, tell us), the red box."""
    variant = catalog.advice_variant(variant_id)
    steps = [s(lang) for s in variant.steps] if variant and variant.steps else [s for s in custom_steps if s.strip()]
    if child_concern:
        steps.append(catalog.child_concern(lang))
    if tell_us:
        steps.append(catalog.tell_us(lang))
    lines = [variant.question(lang), ""] if variant else []
    lines += [f"{i}. {s}" for i, s in enumerate(steps, 1)]
    if variant:
        lines.append(variant.acute(lang))
        if variant.also_number:
            lines.append(variant.also(lang))
    return lines


class AdviceStep(Step):
    DEFAULT_CSS = beside(__file__)
    LOAD_MESSAGES = load_messages(RadioSet, TextArea, Checkbox)

    def compose_form(self) -> ComposeResult:
        lang = language()
        with Horizontal(id="columns"):
            with Vertical(id="choices"):
                with ChoiceSet(id="variant"):
                    for v in self.session.catalog.advice:
                        yield RadioButton(v.name(lang), id=f"v-{v.id}")
                yield Static("", id="variant-help", markup=False)
                yield FormField(
                    t("tui.advice.custom_steps"),
                    TextArea(id="custom_steps", soft_wrap=True, compact=True, tab_behavior="focus"),
                    hint=t("tui.advice.custom_hint"),
                    id="f-custom_steps",
                    stacked=True,
                )
                yield FormField(
                    t("tui.advice.custom_steps_en"),
                    TextArea(id="custom_steps_en", soft_wrap=True, compact=True, tab_behavior="focus"),
                    hint=t("tui.advice.custom_en_hint"),
                    id="f-custom_steps_en",
                    stacked=True,
                )
                yield Checkbox(t("tui.advice.child_concern"), id="child_concern", compact=True)
                yield Checkbox(t("tui.advice.tell_us"), id="tell_us", compact=True)
                yield FormField(t("tui.advice.reason"), text_input(id="reason"), hint=t("tui.advice.reason_hint"), id="f-reason", stacked=True)
                yield FormField(t("tui.advice.reason_en"), text_input(id="reason_en"), id="f-reason_en", stacked=True)
            with Vertical(id="preview-box"):
                yield Static(t("tui.advice.preview"), classes="heading", markup=False)
                yield Static("", id="preview", markup=False)
                yield Static("", id="no112", markup=False)

    # ----------------------------------------------------------- model

    def _variant(self) -> str:
        pressed = self.query_one("#variant", ChoiceSet).pressed_id
        return pressed.removeprefix("v-") if pressed else "huskurage"

    def _custom(self) -> list[str]:
        return [line.strip() for line in self.query_one("#custom_steps", TextArea).text.splitlines() if line.strip()]

    def load_fields(self, portfolio: "Portfolio") -> None:
        a = portfolio.settings.advice
        variant = a.variant if self.session.catalog.advice_variant(a.variant) else "huskurage"
        self.query_one("#variant", ChoiceSet).press(f"v-{variant}")
        self.query_one("#custom_steps", TextArea).text = "\n".join(a.custom_steps)
        self.query_one("#custom_steps_en", TextArea).text = "\n".join(a.custom_steps_en)
        self.query_one("#child_concern", Checkbox).value = a.child_concern
        self.query_one("#tell_us", Checkbox).value = a.tell_us
        self.query_one("#reason", FieldInput).value = a.reason
        self.query_one("#reason_en", FieldInput).value = a.reason_en
        self.update_preview()

    def write_fields(self, portfolio: "Portfolio") -> None:
        a = portfolio.settings.advice
        a.variant = self._variant()
        # What the case-data guard refuses is never written: the model keeps the field's text as it was.
        if self.query_one("#f-custom_steps", FormField).may_save():
            a.custom_steps = self._custom()
        if self.query_one("#f-custom_steps_en", FormField).may_save():
            # Paired with the Swedish steps by line: an empty line keeps its place (that step falls back to Swedish).
            a.custom_steps_en = [line.strip() for line in self.query_one("#custom_steps_en", TextArea).text.splitlines()]
            while a.custom_steps_en and not a.custom_steps_en[-1]:
                a.custom_steps_en.pop()
        a.child_concern = self.query_one("#child_concern", Checkbox).value
        a.tell_us = self.query_one("#tell_us", Checkbox).value
        for key in ("reason", "reason_en"):
            widget = self.query_one(f"#{key}", FieldInput)
            if widget.parses():
                setattr(a, key, widget.parsed(""))

    # ----------------------------------------------------------- preview

    def update_preview(self) -> None:
        variant = self._variant()
        lang = language()
        v = self.session.catalog.advice_variant(variant)
        self.query_one("#variant-help", Static).update(v.help(lang) if v else "")
        self.query_one("#f-custom_steps").display = variant == "custom"
        self.query_one("#f-custom_steps_en").display = variant == "custom"
        checked = {c: self.query_one(f"#{c}", Checkbox).value for c in ("child_concern", "tell_us")}
        lines = sign_lines(variant, self._custom(), checked["child_concern"], self.session.catalog, lang, checked["tell_us"])
        self.query_one("#preview", Static).update("\n".join(lines) or t("tui.advice.empty"))
        missing = variant == "custom" and bool(self._custom()) and not validation.advice_has_112(self._custom())
        warn = self.query_one("#no112", Static)
        warn.update("▲ " + t("findings.custom_advice_without_112") if missing else "")
        warn.display = missing

    @on(RadioSet.Changed)
    @on(TextArea.Changed)
    @on(Checkbox.Changed)
    def _changed(self) -> None:
        self.update_preview()

    def field_for(self, finding: "Finding") -> FormField | None:
        if finding.path == "advice.custom_steps":
            return self.query_one("#f-custom_steps", FormField)
        if finding.path in ("advice.reason", "advice.reason_en", "advice.custom_steps_en"):
            return self.query_one(f"#f-{finding.path.removeprefix('advice.')}", FormField)
        return None
