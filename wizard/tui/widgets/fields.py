"""Form fields: a label, the control, a hint and the message beside it.

Each typed field knows how to parse its text (:mod:`.validators`) so a step's
``to_model`` reads values, not strings. Inputs never blink when the app says
so (snapshots must be deterministic, STYLE.md 15).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, RadioButton, RadioSet, Static, TextArea

from wizard import parse, privacy, validation
from wizard.i18n import t
from wizard.tui.host import host
from wizard.tui.widgets.validators import (
    CoreValidator,
    Rule,
    Unparsable,
    format_number,
    parse_date,
    parse_float,
    parse_int,
    parse_text,
)


#: What a field of each kind takes, said when a key it cannot take is typed (instead of dropping it silently).
TAKES = {parse_int: "parse.whole_number.format", parse_float: "parse.number.format", parse_date: "parse.date.format"}


class FieldInput(Input):
    """An Input that knows its parser; ``value_or_none`` gives the parsed value."""

    class Refused(Message):
        """A key the field cannot take was typed: its form field says why, rather than the key vanishing."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(
        self,
        *,
        parse: Callable[[str], Any] = parse_text,
        rule: Rule | None = None,
        required: bool = False,
        guarded: bool = False,
        phone: bool = False,
        **kwargs: Any,
    ) -> None:
        self.parse = parse
        self.required = required
        self.guarded = guarded  # free text the portfolio keeps: read by the case-data guard
        self.phone = phone  # a phone number: its digits are no personal number
        kwargs.setdefault("compact", True)
        super().__init__(validators=[CoreValidator(parse, rule)], valid_empty=True, validate_on=["submitted"], **kwargs)

    def on_mount(self) -> None:
        self.cursor_blink = host(self).cursor_blink

    def restricted(self) -> None:
        """Textual rang the bell and dropped the key (a letter in a number, ``/`` in a date): say so beside the field."""
        if self.max_length and len(self.value) >= self.max_length:
            text = t("tui.field.too_long", n=self.max_length)
        else:
            text = t("tui.field.refused", takes=t(TAKES.get(self.parse, "parse.number.format"), value=""))  # type: ignore[arg-type]
        self.post_message(self.Refused(text))

    def problem(self) -> str | None:
        """The message to show beside the field, or None when the text is acceptable."""
        if not self.value.strip():
            return t("tui.field.required") if self.required else None
        refused = self.refusal()
        if refused:
            return refused
        result = self.validate(self.value)
        if result is not None and not result.is_valid:
            return result.failure_descriptions[0]
        return None

    def refusal(self) -> str | None:
        """Why the text may never be saved, not even as a draft (case data, a control character); None when it may.

        Only for free text the portfolio keeps (``guarded``): what the guard
        refuses is shown beside the field and the model keeps what it held, so
        no exit (Next, Ctrl+Q, a closed terminal) writes it anywhere.
        """
        return refusal(self.value, phone=self.phone) if self.guarded else None

    def parsed(self, default: Any = None) -> Any:
        """The parsed value, or ``default`` when empty, unparsable or refused (write it only when it :meth:`parses`)."""
        if not self.value.strip() or self.refusal():
            return default
        try:
            return self.parse(self.value)
        except Unparsable:
            return default

    def parses(self) -> bool:
        """Whether the text may be written to the model: empty, or readable and allowed by the field's rule.

        What is not (``2026-13-45``, a wrong check digit, a date in the future)
        stays in the field and is kept as a draft, never written: so no file gets
        a value that ``huskurage check`` calls an error.
        """
        if not self.value.strip():
            return True
        if self.refusal():
            return False
        result = self.validate(self.value)
        return result is None or result.is_valid


def refusal(text: str, *, phone: bool = False) -> str | None:
    """Why typed free text is not saved (:func:`wizard.privacy.entry` refuses it), worded for beside its field; None if it may be."""
    try:
        privacy.entry(text, phone=phone)
    except parse.ParseError as error:
        return t("tui.field.not_saved", reason=error.message())
    return None


def text_input(*, kept: bool = True, **kwargs: Any) -> FieldInput:
    """A free-text field; ``kept=False`` for text the program never keeps (a search, a folder), which the case-data guard leaves alone."""
    return FieldInput(parse=parse_text, guarded=kept, **kwargs)


def int_input(**kwargs: Any) -> FieldInput:
    return FieldInput(parse=parse_int, restrict=r"[-0-9 ]*", **kwargs)


def float_input(**kwargs: Any) -> FieldInput:
    return FieldInput(parse=parse_float, restrict=r"[-0-9 ,.]*", **kwargs)


def date_input(**kwargs: Any) -> FieldInput:
    kwargs.setdefault("placeholder", t("tui.field.date_placeholder"))
    return FieldInput(parse=parse_date, restrict=r"[0-9-]*", max_length=10, **kwargs)


def done_date_input(today: dt.date, **kwargs: Any) -> FieldInput:
    """The day something was done: a date, never after ``today`` (``huskurage check`` says the same)."""
    return date_input(rule=lambda day: validation.not_in_future(day, today), **kwargs)


def show_number(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "" if value is None else str(value)
    return format_number(value)


def show_date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


class FormField(Vertical):
    """Label, control, optional hint, and the message shown beside the field on Next."""

    DEFAULT_CSS = """
    FormField { height: auto; margin: 0 0 1 0; }
    FormField > .field--row { height: auto; }
    FormField .field--label { width: 26; color: $text-muted; padding-right: 1; }
    FormField .field--row > * { width: 1fr; }
    FormField .field--row > .field--label { width: 26; }
    FormField > .field--hint { color: $text-muted; text-style: italic; margin-left: 26; }
    FormField > .field--error { color: $text-error; display: none; margin-left: 26; }
    FormField.-error > .field--error { display: block; }
    FormField.-warning > .field--error { display: block; color: $text-warning; }
    FormField.-error Input.-textual-compact { background: $error 30%; }
    FormField.-stacked .field--label { width: 100%; }
    FormField.-stacked > .field--hint, FormField.-stacked > .field--error { margin-left: 0; }
    FormField Input.-textual-compact { background: $foreground 8%; }
    FormField Input.-textual-compact:focus { background: $primary 30%; }
    """

    def __init__(
        self, label: str, control: Widget, *, hint: str = "", id: str | None = None, stacked: bool = False
    ) -> None:
        super().__init__(id=id, classes="-stacked" if stacked else "")
        self.label = label
        self.control = control
        self.hint = hint
        self._shown: tuple[str, str] = ("", "")  # the message and severity on screen

    def compose(self) -> ComposeResult:
        if self.has_class("-stacked"):
            yield Label(self.label, classes="field--label", markup=False)
            yield self.control
        else:
            with Horizontal(classes="field--row"):
                yield Label(self.label, classes="field--label", markup=False)
                yield self.control
        if self.hint:
            yield Static(self.hint, classes="field--hint", markup=False)
        yield Static("", classes="field--error", markup=False)

    def show_message(self, message: str | None, severity: str = "error") -> None:
        shown = (message or "", severity if message else "")
        if shown == self._shown:
            return  # every step clears every field each time it is shown: no relayout for nothing
        self._shown = shown
        self.query_one(".field--error", Static).update(Content(shown[0]))
        self.set_class(shown[1] == "error", "-error")
        self.set_class(shown[1] == "warning", "-warning")

    def problem(self) -> str | None:
        """What is wrong with what is typed in the control, or None: a field's own check, or free text refused in a text area."""
        if isinstance(self.control, FieldInput):
            return self.control.problem()
        if isinstance(self.control, TextArea):
            return refusal(self.control.text)
        return None

    def may_save(self) -> bool:
        """Whether the control's text may be written to the model (a text area the guard refuses keeps the model's text)."""
        if isinstance(self.control, FieldInput):
            return self.control.parses()
        return self.problem() is None

    @property
    def message(self) -> str:
        if not (self.has_class("-error") or self.has_class("-warning")):
            return ""
        return str(self.query_one(".field--error", Static).content)

    @on(FieldInput.Refused)
    def _refused(self, event: FieldInput.Refused) -> None:
        event.stop()
        self.show_message(event.text)

    @on(Input.Changed)
    def _recheck(self, event: Input.Changed) -> None:
        """Once a message shows, let it go away as soon as the text is fixed."""
        if (self.has_class("-error") or self.has_class("-warning")) and isinstance(event.input, FieldInput):
            self.show_message(event.input.problem())

    @on(TextArea.Changed)
    def _recheck_area(self, event: TextArea.Changed) -> None:
        if self.has_class("-error") and event.text_area is self.control:
            self.show_message(self.problem())


class ChoiceSet(RadioSet):
    """A RadioSet that steps load from the model, whose highlight starts on the stored answer.

    Textual highlights the first button on mount whatever is pressed, so
    arriving at a step with the second answer chosen put the bar (what Enter
    and space act on) on the first one. The pressed button is read from the
    buttons themselves: ``RadioSet.pressed_button`` follows only once the set
    has handled the button's message, which is too late right after loading.
    """

    def on_mount(self) -> None:
        # Textual runs RadioSet's own mount handler too (it highlights the first button);
        # ours acts after the first refresh, so after it.
        self.call_after_refresh(self._highlight_pressed)

    @property
    def pressed_id(self) -> str | None:
        """The id of the RadioButton that is on."""
        for button in self.query(RadioButton):
            if button.value:
                return button.id
        return None

    def press(self, button_id: str) -> None:
        """Turn on one RadioButton and every other off, without waiting for the set to do it; highlight it."""
        for button in self.query(RadioButton):
            button.value = button.id == button_id
        if self.is_mounted:
            self.call_after_refresh(self._highlight_pressed)

    def _highlight_pressed(self) -> None:
        for index, button in enumerate(self.query(RadioButton)):
            if button.value:
                self._selected = index  # Textual's highlight; no public setter
                return


def assign(target: Any, name: str, value: Any) -> None:
    """Set an attribute (or a dict key) only when the value really changed.

    ``6`` typed over a stored ``6.0`` (or the other way round) is no change,
    so loading a step and leaving it never rewrites a file.
    """
    if isinstance(target, dict):
        if name not in target or target[name] != value:
            target[name] = value
        return
    if getattr(target, name) != value:
        setattr(target, name, value)

