"""How values read in a document: numbers, shares, dates, and the escaping of user text.

User text is never markup. :func:`md_escape` keeps a value plain text in
Markdown (the Markdown environment applies it to every ``{{ value }}``, see
``environment.py``); :func:`one_line` makes a value one line for TOML comments
and calendar text, whose escaping is then tomli_w's and icalendar's job.

No document carries what a terminal or a reader would obey: both, and every
value of an HTML template, pass through :func:`wizard.terminal.inert`
(control characters, bidi overrides and isolates removed; the undecodable
byte of a file name as U+FFFD), so a ``U+202E`` in a company name cannot
turn a sign's text around. ``plan.toml`` alone keeps every value as it is
(tomli_w escapes them): it is the plan's data, read back by ``init --from``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import lru_cache
from typing import Any

from wizard import privacy
from wizard.i18n import t
from wizard.terminal import inert

# ------------------------------------------------------------------ escaping

_MD_INLINE = re.compile(r"[\\`*_\[\]>|~]|<(?![ 0-9])|&(?=#?\w+;)")  # "< 3" opens no tag: left as it reads
# "4." or "4)" followed by a space (or nothing) starts an ordered list; "4.0" and "4,0" do not.
_MD_LEADING = re.compile(r"^(?:[#>+=-]|(\d+)(?=[.)](?:\s|$)))")
_MD_PLAIN = re.compile(r"(?![#>+=\s-]|\d+[.)](?:\s|$))[^\\`*_\[\]<>|~&\s]*(?: [^\\`*_\[\]<>|~&\s]+)*")


def md_escape(value: Any) -> str:
    """Plain text that stays plain in CommonMark/GFM, inline or in a table cell.

    Whitespace runs (newlines included) become one space, so a value can never
    start a new block; Markdown punctuation, ``|`` and HTML are backslash-escaped;
    a leading ``#``, ``>``, ``-``, ``+``, ``=`` or ``1.`` cannot start a block.
    """
    text = inert(str(value))
    if _MD_PLAIN.fullmatch(text):  # the common case: nothing to escape, single spaces
        return text
    text = " ".join(text.split())
    text = _MD_INLINE.sub(lambda m: "\\" + m.group(0), text)

    def lead(m: re.Match[str]) -> str:
        return m.group(1) + "\\" if m.group(1) else "\\" + m.group(0)

    return _MD_LEADING.sub(lead, text, count=1)


_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def one_line(value: Any) -> str:
    """For TOML comments and calendar text: one line, single spaces, no control or bidi characters.

    Escaping (and, for the calendar, folding) is then the job of tomli_w and icalendar.
    """
    return " ".join(inert(_CONTROL.sub(" ", str(value))).split())


# ------------------------------------------------------------------ numbers


def fmt_number(value: Any, lang: str, decimals: int = 0) -> str:
    """``1 234,5`` in Swedish, ``1,234.5`` in English; ``∞`` for infinity."""
    if value is None or isinstance(value, bool) or not isinstance(value, (int, float)):
        return "–" if value is None else str(value)
    if math.isinf(value):
        return "∞"
    if math.isnan(value):
        return "–"
    text = f"{value:,.{decimals}f}"
    if lang == "sv":
        text = text.replace(",", "\u00a0").replace(".", ",")
    return text


def fmt_share(value: float | None, lang: str) -> str:
    """A share as a whole percent; one beyond reason (a typo validation reports) shows as a dash."""
    if value is None:  # a share of nothing (progress.Share: 0 of 0)
        return "–"
    percent = value * 100
    if not math.isfinite(percent) or abs(percent) > 10**9:
        return "–"
    return t("exports.common.percent", lang, value=fmt_number(round(percent), lang))


# ------------------------------------------------------------------ report counts

def fmt_report_count(value: int | None, lang: str) -> str:
    """A count of reports for a reader outside the security function: ``< 3`` below three, ``–`` when none is recorded.

    Every document that leaves the security function (the progress report,
    the decision paper, the yearly report) prints counts through here; the
    rule itself is :func:`wizard.privacy.report_count` (and, for a sum over
    municipalities, :func:`wizard.privacy.report_total`).
    """
    if value is None:
        return "–"
    return privacy.report_count(value, lambda n: fmt_number(n, lang))


# ------------------------------------------------------------------ dates


def fmt_date(value: dt.date | None) -> str:
    return value.isoformat() if value else "–"


@lru_cache(maxsize=8)
def _names(key: str, lang: str) -> list[str]:
    return t(f"exports.common.{key}", lang).split()


def fmt_weekday_date(value: dt.date, lang: str) -> str:
    return f"{_names('weekdays', lang)[value.weekday()]} {value.isoformat()}"


def long_date(value: dt.date, lang: str) -> str:
    """A date as a letter writes it: "16 november 2026", "16 November 2026"."""
    return f"{value.day} {_names('months', lang)[value.month - 1]} {value.year}"


def month_name(value: dt.date, lang: str) -> str:
    return f"{_names('months', lang)[value.month - 1]} {value.year}"
