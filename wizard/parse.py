"""What people type, read one way everywhere. No Textual.

The wizard's fields, the dashboard's dialogs and the command line call these
plain functions, so a date, a count or a municipality that one of them takes
the others take too, and one they refuse gets the same message. Each raises
:class:`ParseError`, whose text is localized (``strings/parse.toml``).

- A date is ``YYYY-MM-DD`` and nothing else. Python's ``date.fromisoformat``
  also reads ``2026-W47-5`` and ``20261120``; nobody means those in a form, and
  they are hard to check by eye, so they are refused with the same message as
  ``4 dec``. Dates in the files are TOML dates and never pass through here.
- A number may be typed as a Swede does: ``1 200``, ``2,5``.
- A count (entrances, signs, reports) is a whole number from 0 to
  :data:`MAX_COUNT`, the largest ``huskurage check`` accepts.

:func:`stored_count` is the other direction: a number as it was read from a
file (where validation reports anything wrong with it), made into the count
the figures use.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import TYPE_CHECKING, Any, Collection, Sequence, TypeGuard

from wizard.i18n import t

if TYPE_CHECKING:
    from wizard.catalog import Catalog, Municipality

# A municipality holds at most a few hundred thousand apartments; beyond this a
# count is a typo, and arithmetic on it would only mislead. ``huskurage check``
# reports a larger one in a file; the parsers refuse it as it is typed.
MAX_COUNT = 10_000_000

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SEPARATORS = re.compile(r"[\s_]")  # spaces (also no-break and narrow ones) and underscores between thousands
_WHOLE = re.compile(r"-?[0-9]+")
_DECIMAL = re.compile(r"-?([0-9]+\.?[0-9]*|\.[0-9]+)")
QUARTER = re.compile(r"[0-9]{4}-Q[1-4]")


class ParseError(ValueError):
    """Typed text that cannot be read.

    ``key`` is the message's i18n key and ``params`` its values, so each caller
    can show it in its own way; ``str()`` is the message in the current language.
    """

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self, lang: str | None = None) -> str:
        return t(self.key, lang, **self.params)

    def __str__(self) -> str:
        return self.message()


# ------------------------------------------------------------------ dates


def date(text: str) -> dt.date:
    """``2026-11-20`` (spaces around are ignored); any other form is refused."""
    cleaned = text.strip()
    if not _ISO_DATE.fullmatch(cleaned):
        raise ParseError("parse.date.format", value=cleaned)
    try:
        return dt.date.fromisoformat(cleaned)
    except ValueError:
        raise ParseError("parse.date.no_such_date", value=cleaned) from None


def optional_date(text: str) -> dt.date | None:
    """:func:`date`, or ``None`` for empty text (which clears a date)."""
    return date(text) if text.strip() else None


# ------------------------------------------------------------------ numbers


def _cleaned(text: str) -> str:
    return _SEPARATORS.sub("", text)


def whole_number(text: str) -> int:
    """An integer, negative too (the field's own rule says what is allowed): ``1 200`` -> 1200."""
    cleaned = _cleaned(text)
    if not _WHOLE.fullmatch(cleaned):
        raise ParseError("parse.whole_number.format", value=text.strip())
    return int(cleaned)


def number(text: str) -> float:
    """A decimal number with a comma or a point: ``2,5`` -> 2.5."""
    cleaned = _cleaned(text).replace(",", ".")
    if not _DECIMAL.fullmatch(cleaned):
        raise ParseError("parse.number.format", value=text.strip())
    return float(cleaned)


def count(text: str) -> int:
    """A count of things: a whole number from 0 to :data:`MAX_COUNT`."""
    cleaned = _cleaned(text)
    if not cleaned.isascii() or not cleaned.isdigit():
        raise ParseError("parse.count.format", value=text.strip())
    value = int(cleaned)
    if value > MAX_COUNT:
        raise ParseError("parse.count.too_large", value=text.strip())
    return value


def is_quarter(text: str) -> bool:
    """A quarter as report counts are keyed: ``2026-Q3``."""
    return QUARTER.fullmatch(text) is not None


# ------------------------------------------------------------------ municipalities


class UnknownMunicipality(ParseError):
    """No municipality, or more than one, answers to what was typed.

    ``candidates`` are the likely ones: the several a folded name fits (Habo,
    Håbo), or else the closest names ("did you mean").
    """

    def __init__(self, query: str, candidates: Sequence["Municipality"], ambiguous: bool) -> None:
        super().__init__("parse.municipality.unknown", query=query)
        self.candidates = tuple(candidates)
        self.ambiguous = ambiguous

    def message(self, lang: str | None = None) -> str:
        text = t(self.key, lang, **self.params)
        if not self.candidates:
            return text
        names = [f"{m.name} ({m.code})" if self.ambiguous else m.name for m in self.candidates]
        return text + t("parse.did_you_mean", lang, names=", ".join(names))


def municipality(query: str, catalog: "Catalog", present: Collection[str] = ()) -> "Municipality":
    """A municipality by its code or its name in any case, with or without å/ä/ö (``1480``, ``goteborg``, ``GÖTEBORG``).

    The command line's contract (README, "C is a municipality"); the wizard's
    search (:meth:`Catalog.search`) lists the same answer first. Three digits are a code whose
    leading zero a spreadsheet dropped; "kommun" or "stad" after a name is
    ignored. Folding å/ä/ö can make two names one (Håbo and Habo): then the one
    among ``present`` (the portfolio's codes) wins, and otherwise the user is
    asked to choose. Raises :class:`UnknownMunicipality`.
    """
    found = catalog.find_municipality(query)
    if found is not None:
        return found
    candidates = catalog.find_municipalities(query)
    mine = [m for m in candidates if m.code in present]
    if len(mine) == 1:
        return mine[0]
    raise UnknownMunicipality(query, candidates or catalog.suggest(query), ambiguous=bool(candidates))


# ------------------------------------------------------------------ text

# A free-text field holds a sentence or a paragraph; a paste of a whole page
# (10,000 characters) is still taken, a megabyte is a mistake, and a file the
# loader would refuse (over 5 MB) must never be written.
MAX_TEXT = 20_000
# C0 and C1 control characters but tab and line breaks, which are spacing.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Direction overrides, embeddings and isolates: they make text read otherwise
# than it is stored. The marks that right-to-left scripts need (U+200E, U+200F,
# U+061C) are not among them.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def free_text(text: str) -> str:
    """Text typed into a free-text field, refused when it cannot be stored as typed; returned unchanged.

    Too long (more than :data:`MAX_TEXT` characters), a NUL or another control
    character, or a direction override (U+202E makes ``txt.exe`` show as
    ``exe.txt``): each gets its own message and nothing is saved. What the
    text says is :mod:`wizard.privacy`'s concern.
    """
    if len(text) > MAX_TEXT:
        raise ParseError("parse.text.too_long", n=len(text), limit=MAX_TEXT)
    if "\x00" in text:
        raise ParseError("parse.text.nul")
    if m := _CONTROL.search(text):
        raise ParseError("parse.text.control", code=f"U+{ord(m.group()):04X}", position=m.start() + 1)
    if m := _BIDI.search(text):
        raise ParseError("parse.text.bidi", code=f"U+{ord(m.group()):04X}", position=m.start() + 1)
    return text


NOTE_MAX = 500
"""Characters a note may have. A note is a line ("Tryckt hos Unionen"); each change of it is kept
twice more in the history, and a file must stay far below the size the store reads."""


def note(text: str) -> str:
    """A note on a checklist item: one line, its spaces as one (``"  Tryckt\n hos  X "`` -> ``"Tryckt hos X"``)."""
    cleaned = " ".join(text.split())
    if len(cleaned) > NOTE_MAX:
        raise ParseError("parse.note.too_long", length=len(cleaned), limit=NOTE_MAX)
    return cleaned


# ------------------------------------------------------------------ numbers as stored


def is_count(value: object) -> TypeGuard[int | float]:
    """A number a count can be made of: an int or float, not a bool, finite, 0 or more."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value >= 0


def stored_count(value: object) -> int:
    """A count as read from a file, for sums and figures: anything but a count is 0, a fraction is cut (2.7 -> 2).

    The files may hold anything (``signs_up = -3``, ``entrances = 2.5``,
    ``wave = "two"``); ``huskurage check`` reports it, and meanwhile every
    figure counts it the same way.
    """
    return int(value) if is_count(value) else 0
