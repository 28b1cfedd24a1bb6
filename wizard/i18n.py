"""Every user-facing string, Swedish first, English complete.

Strings live in ``wizard/strings/<area>.toml``, one table per key with the
Swedish and English text side by side, so a missing translation is visible in
review and caught by a test::

    [check.clean]
    sv = "Inga fynd: portföljen är i ordning."
    en = "No findings: the portfolio is in order."

``t("cli.check.clean")`` looks up ``check.clean`` in ``cli.toml``. An area file
is read on first use only, so start-up pays for what it shows. Parameters use
``str.format`` names: ``t("cli.found", n=3)``.

A count ``n`` of one takes the singular where the string has one, ``sv_one``
and ``en_one`` beside ``sv`` and ``en`` ("1 fil", "2 filer"); a string counting
something else names its count ``n`` so the same rule applies::

    [save.saved]
    sv = "Sparat: {n} filer."
    sv_one = "Sparat: {n} fil."
    en = "Saved: {n} files."
    en_one = "Saved: {n} file."
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from wizard.data_folder import read_toml

LANGUAGES = ("sv", "en")
STRINGS_DIR = Path(__file__).resolve().parent / "strings"

_language = "sv"
_areas: dict[str, dict[str, dict[str, str]]] = {}


def default_language() -> str:
    """``HUSKURAGE_LANG`` when it names a known language, else Swedish."""
    lang = os.environ.get("HUSKURAGE_LANG", "").strip().lower()[:2]
    return lang if lang in LANGUAGES else "sv"


def set_language(lang: str) -> None:
    global _language
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    _language = lang


def language() -> str:
    return _language


def _flatten(table: dict[str, Any], prefix: str, out: dict[str, dict[str, str]]) -> None:
    for key, value in table.items():
        if not isinstance(value, dict):
            continue
        name = f"{prefix}.{key}" if prefix else key
        if "sv" in value and isinstance(value["sv"], str):
            out[name] = value
        else:
            _flatten(value, name, out)


def area(name: str) -> dict[str, dict[str, str]]:
    """All keys of one area file, flattened: ``{"check.clean": {"sv": ..., "en": ...}}``."""
    if name not in _areas:
        flat: dict[str, dict[str, str]] = {}
        _flatten(read_toml(STRINGS_DIR / f"{name}.toml"), "", flat)
        _areas[name] = flat
    return _areas[name]


def t(key: str, lang: str | None = None, /, **params: Any) -> str:
    """The text for ``area.key`` in the current (or given) language.

    A missing key is a programming error and raises ``KeyError`` so tests
    catch it; a missing English text falls back to Swedish.
    """
    area_name, _, rest = key.partition(".")
    entry = area(area_name)[rest]
    lang = lang or _language
    text = entry.get(lang)
    if text is None and lang not in LANGUAGES:  # a sign language beyond sv and en: wizard/translations.py
        from wizard.translations import translate

        text = translate(lang, entry["sv"])
    text = text or entry["sv"]
    if params.get("n") in (1, "1"):  # a count, or a count already formatted for the language
        text = entry.get(f"{lang}_one") or text
    return text.format(**params) if params else text


def areas() -> list[str]:
    return sorted(p.stem for p in STRINGS_DIR.glob("*.toml"))
