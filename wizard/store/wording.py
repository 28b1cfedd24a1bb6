"""Plain words for what is wrong in a file, and where: the line and the column.

``tomllib``'s messages (which differ between Python releases) and the model's
schema errors (a wrong type, a missing key, a number out of range) become one
sentence each in the user's language (``wizard/strings``). :func:`locate`
finds, best effort, the line where a key or its nearest table is written,
since ``tomllib`` reports no positions for the values it parsed.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Any

from wizard import model
from wizard.i18n import t
from wizard.store.errors import LoadError, load_error


def line_col(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def byte_line_col(raw: bytes, pos: int) -> tuple[int, int]:
    start = raw.rfind(b"\n", 0, pos) + 1
    return raw.count(b"\n", 0, pos) + 1, len(raw[start:pos].decode("utf-8", "replace")) + 1


_TOML_MESSAGE = re.compile(r"(?s)(.*?) \(at (?:line (\d+), column (\d+)|end of document)\)$")
# tomllib's messages (3.11-3.13) -> strings keys; the name in group 1, if any, is kept.
_TOML_REASONS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), key)
    for p, key in [
        (r"Expected '=' after a key", "expected_equals"),
        (r"Invalid statement", "invalid_statement"),
        (r"Expected newline or end of document", "expected_newline"),
        (r"Expected '\]' at the end of a table", "table_bracket"),
        (r"Expected '\]\]' at the end of an array", "array_bracket"),
        (r"Cannot declare (.+) twice", "declared_twice"),
        (r"Cannot overwrite a value", "duplicate_key"),
        (r"Duplicate inline table key '?(.+?)'?$", "duplicate_key_named"),
        (r"Cannot (?:mutate immutable|redefine) namespace (.+)", "namespace"),
        (r"Invalid initial character for a key", "bad_key"),
        (r"Unclosed array", "unclosed_array"),
        (r"Unclosed inline table", "unclosed_inline"),
        (r"Unescaped '\\' in a string", "backslash"),
        (r"Invalid hex value|Escaped character is not a Unicode", "bad_escape"),
        (r"Unterminated string|Expected (?:\"'''\"|'\"\"\"')$", "unterminated"),
        (r"Illegal character '\\n'", "unterminated_line"),  # a quoted text runs to the end of the line
        (r"Illegal character (.+)", "illegal_char"),
        (r"Invalid date or datetime", "invalid_date"),
        (r"Invalid value", "invalid_value"),
        (r"Expected (.+)", "expected"),
        (r"Found invalid character (.+)", "illegal_char"),
    ]
]


def toml_error(root: Path, path: Path, text: str, e: tomllib.TOMLDecodeError) -> LoadError:
    """tomllib's error, with its line and column, in plain words."""
    raw_msg = str(e)
    line, col = getattr(e, "lineno", None), getattr(e, "colno", None)  # Python >= 3.14
    msg = getattr(e, "msg", None) or raw_msg
    m = _TOML_MESSAGE.match(raw_msg)
    if m:
        msg = m.group(1)
        if line is None and m.group(2):
            line, col = int(m.group(2)), int(m.group(3))
    if line is None:  # "end of document"
        line, col = line_col(text, len(text))
    detail = msg
    for pattern, key in _TOML_REASONS:
        found = pattern.match(msg)
        if found:
            name = found.group(1) if found.groups() else None
            detail = t(f"store.toml.{key}", name=_key_name(name)) if name else t(f"store.toml.{key}")
            break
    return load_error(root, path, t("store.toml.invalid", detail=detail), "invalid_toml", line, col)


def _key_name(name: str) -> str:
    """tomllib names keys as tuples, ``('progress', 'x')``: show ``progress.x``."""
    if name.startswith("(") and name.endswith(")"):
        import ast

        try:
            return ".".join(ast.literal_eval(name))
        except (ValueError, SyntaxError, TypeError):
            pass
    return name


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, float):
        return "decimal"
    if isinstance(value, int):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dt.datetime):
        return "datetime"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, dt.time):
        return "time"
    if isinstance(value, list):
        return "list"
    return "table"


def _value_at(data: Any, parts: list[str | int]) -> Any:
    for part in parts:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def schema_message(e: model.SchemaError, key: str, data: dict[str, Any], parts: list[str | int]) -> str:
    if e.code == "missing":
        return t("store.schema.missing", key=key)
    if e.code == "out_of_range":
        return t("store.schema.out_of_range", key=key)
    if e.code == "not_a_code":
        return t("store.schema.not_a_code", key=key, value=e.params.get("value", ""))
    expected = e.params.get("expected", "table") if e.code == "wrong_type" else "table"
    actual = _value_at(data, parts)
    if actual is None:
        return t("store.schema.wrong_type_plain", key=key, expected=t(f"store.expected.{expected}"))
    if expected == "date" and isinstance(actual, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", actual.strip()):
        return t("store.schema.date_quoted", key=key, value=actual.strip())
    wanted, found = t(f"store.expected.{expected}"), t(f"store.kind.{_kind_of(actual)}")
    if wanted == found:  # never "must be a number, but is a number"
        return t("store.schema.wrong_type_plain", key=key, expected=wanted)
    return t("store.schema.wrong_type", key=key, expected=wanted, actual=found)


def key_parts(key: str) -> list[str | int]:
    """``partners[2].phone`` -> ``["partners", 2, "phone"]``."""
    parts: list[str | int] = []
    for piece in key.split("."):
        m = re.fullmatch(r"(.*?)((?:\[\d+\])*)", piece)
        name, indexes = (m.group(1), m.group(2)) if m else (piece, "")
        if name:
            parts.append(name)
        parts.extend(int(i) for i in re.findall(r"\[(\d+)\]", indexes))
    return parts


_BARE_OR_QUOTED = r'(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|\'[^\']*\')'
_DOTTED = rf"{_BARE_OR_QUOTED}(?:\s*\.\s*{_BARE_OR_QUOTED})*"
_HEADER_LINE = re.compile(rf"\s*(\[\[?)\s*({_DOTTED})\s*\]\]?\s*(?:#.*)?$")
_KEY_LINE = re.compile(rf"\s*({_DOTTED})\s*=\s*")


def _split_dotted(key: str) -> list[str]:
    out = []
    for m in re.finditer(_BARE_OR_QUOTED, key):
        part = m.group(0)
        if part[0] == '"':
            try:
                part = tomllib.loads(f"k = {part}")["k"]
            except tomllib.TOMLDecodeError:
                part = part[1:-1]
        elif part[0] == "'":
            part = part[1:-1]
        out.append(part)
    return out


def locate(text: str, target: list[str | int]) -> tuple[int, int] | None:
    """Best effort: the line and column where ``target`` (or its nearest table) is written."""
    current: list[str | int] = []
    aot_index: dict[tuple[str, ...], int] = {}
    best: tuple[int, int] | None = None
    best_len = 0
    multiline: str | None = None
    for lineno, line in enumerate(text.split("\n"), 1):
        if multiline:
            if multiline in line:
                multiline = None
            continue
        header = _HEADER_LINE.match(line) if line.lstrip().startswith("[") else None
        if header:
            names = _split_dotted(header.group(2))
            full: list[str | int] = []
            for i, name in enumerate(names):
                full.append(name)
                if tuple(names[: i + 1]) in aot_index and i < len(names) - 1:
                    full.append(aot_index[tuple(names[: i + 1])])
            if header.group(1) == "[[":
                aot_index[tuple(names)] = aot_index.get(tuple(names), -1) + 1
                full.append(aot_index[tuple(names)])
            current, candidate, column = full, full, len(line) - len(line.lstrip()) + 1
        else:
            m = _KEY_LINE.match(line)
            if not m:
                continue
            candidate, column = [*current, *_split_dotted(m.group(1))], m.end() + 1
            rest = line[m.end() :]
            for quote in ('"""', "'''"):
                if rest.startswith(quote) and quote not in rest[3:]:
                    multiline = quote
        if len(candidate) > best_len and candidate == target[: len(candidate)]:
            best, best_len = (lineno, column), len(candidate)
            if best_len == len(target):
                break
    return best
