"""History rows: what changed and when, never what a text said, report counts dated by quarter alone. No Textual.

Every change the program records (``huskurage mark``, the dashboard) becomes
a row through :func:`record`, the one place rows are made, so two rules hold
wherever a change comes from (DESIGN.md, Privacy):

- A row keeps a value only when it is a status, a date or a number. A note
  (or any other free text) that changed leaves a row saying that it
  changed, with neither the old nor the new text: correcting a note must not
  keep what it said in the file, its ``.bak`` and every later ``plan.toml``.
- A report count (and the count handled within the promised time beside it)
  is dated by the quarter in which it was entered, never by the day or the time: in a small municipality a time stamp would date the
  case itself. Its row carries the first day of that quarter (a date, no
  time) and goes before the quarter's other rows, so neither the stamp nor
  the row's place tells more than the quarter.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from wizard import model

# Values a row may keep: a status or another id, an ISO date, a whole or decimal number.
_KEPT = re.compile(r"[a-z_]{1,40}|[0-9]{4}-[0-9]{2}-[0-9]{2}|-?[0-9]{1,20}(\.[0-9]{1,20})?")
_FREE_TEXT = re.compile(r".*\.note$")  # fields whose every value is free text, ids included


def quarter_of(day: dt.date) -> str:
    """``2026-Q4`` for any day of October to December 2026."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def kept(field: str, value: Any) -> str:
    """What a row keeps of a value: the value as text if it is a status, a date or a number, else nothing."""
    if value is None or _FREE_TEXT.fullmatch(field):
        return ""
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    return text if _KEPT.fullmatch(text) else ""


def is_report(field: str) -> bool:
    """A count of reports per quarter (or of those handled in time): dated by the quarter, never the day."""
    return field.startswith(model.QUARTER_DATED)


def record(history: list[model.HistoryEntry], field: str, old: Any, new: Any, now: dt.datetime) -> None:
    """Add the row for a change of ``field`` from ``old`` to ``new``, made at ``now``."""
    row = model.HistoryEntry(at=now.replace(microsecond=0), field=field, old=kept(field, old), new=kept(field, new))
    if not is_report(field):
        history.append(row)
        return
    row.at = quarter_start(now.date())
    place = len(history)
    while place and model.instant(history[place - 1].at) > model.instant(row.at):
        place -= 1  # before the rows made since the quarter began
    history.insert(place, row)
