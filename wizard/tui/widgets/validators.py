"""The one thin shim between the core's plain validation functions and Textual (STYLE.md 3).

A core rule takes a parsed value and returns ``None`` or a code from
``strings/findings.toml``; the CLI's ``check``, the wizard and the tests share
it. Reading what was typed (Swedish decimal comma, spaces in thousands, ISO
dates) is :mod:`wizard.parse`'s, the same for the dashboard and the CLI; here
we only turn its error or the rule's code into the message shown beside the
field.
"""

from __future__ import annotations

from typing import Any, Callable

from textual.validation import ValidationResult, Validator

from wizard import parse
from wizard.i18n import t

Rule = Callable[[Any], "str | None"]

# The wizard's names for the core's parsers.
Unparsable = parse.ParseError
parse_int = parse.whole_number
parse_float = parse.number
parse_date = parse.date


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
            return self.failure(error.message(), value)
        code = self.rule(parsed) if self.rule else None
        if code and self.rule is not None:
            params = self.rule.params(value.strip()) if hasattr(self.rule, "params") else {"value": value.strip()}
            return self.failure(t(f"findings.{code}", **params), value)
        return self.success()
