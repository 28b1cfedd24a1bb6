"""The one thin shim between the core's plain validation functions and Textual (STYLE.md 3).

A core rule takes a parsed value and returns ``None`` or a code from
``strings/findings.toml``; the CLI's ``check``, the wizard and the tests share
it. Here we only parse what was typed (Swedish decimal comma, spaces in
thousands, ISO dates) and translate the code into the message shown beside
the field.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Callable

from textual.validation import ValidationResult, Validator

from wizard.i18n import t

Rule = Callable[[Any], "str | None"]


class Unparsable(ValueError):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def parse_int(text: str) -> int:
    cleaned = re.sub(r"[\s\u00a0_]", "", text)
    if not re.fullmatch(r"-?\d+", cleaned):
        raise Unparsable("tui.field.not_whole_number")
    return int(cleaned)


def parse_float(text: str) -> float:
    cleaned = re.sub(r"[\s\u00a0_]", "", text).replace(",", ".")
    if not re.fullmatch(r"-?(\d+\.?\d*|\.\d+)", cleaned):
        raise Unparsable("tui.field.not_number")
    return float(cleaned)


def parse_date(text: str) -> dt.date:
    cleaned = text.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", cleaned):
        raise Unparsable("tui.field.date_format")
    try:
        return dt.date.fromisoformat(cleaned)
    except ValueError:
        raise Unparsable("tui.field.no_such_date") from None


def parse_text(text: str) -> str:
    return text.strip()


def format_number(value: float | int) -> str:
    """A number as a Swede types it: ``2,5`` and ``12``."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace(".", ",")


class CoreValidator(Validator):
    """Parse the text, then apply an optional core rule; empty text is for ``valid_empty``."""

    def __init__(self, parse: Callable[[str], Any] = parse_text, rule: Rule | None = None) -> None:
        super().__init__()
        self.parse = parse
        self.rule = rule

    def validate(self, value: str) -> ValidationResult:
        try:
            parsed = self.parse(value)
        except Unparsable as error:
            return self.failure(t(error.code, value=value.strip()), value)
        code = self.rule(parsed) if self.rule else None
        if code:
            return self.failure(t(f"findings.{code}", value=value.strip()), value)
        return self.success()
