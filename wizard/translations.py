"""Texts for tenants in the languages beyond Swedish and English (``checklists/languages.toml``).

A translation memory keyed by the Swedish text: ``checklists/translations/<id>.toml``
holds ``"Ring polisen på 112." = "…"`` under ``[texts]``. Every text a sign or
letter prints passes through :func:`translate` on its way to another language:
the program's own strings (before their ``{parameters}`` are filled in), the
catalog's advice, numbers and partner kinds alike. A Swedish text that changes
no longer finds its old translation, which is right: it must be translated
again. A text with no translation is printed in Swedish, and :func:`missing`
lets ``check`` say how many.

Each file says ``reviewed = false`` until a person who reads the language has
approved every line; ``check`` warns for each sign in an unreviewed language.
Read with tomllib (``data_folder.read_toml``), once per process, on first use.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

OWN = ("sv", "en")  # the program's own languages: wizard/strings/, reviewed


@dataclass(frozen=True)
class Memory:
    texts: dict[str, str]
    reviewed: bool


def _folder() -> Path:
    from wizard.data_folder import data_dir

    return data_dir() / "translations"


@lru_cache(maxsize=16)
def memory(lang: str) -> Memory:
    """The translations into ``lang`` (empty for Swedish, English and a language with no file)."""
    if lang in OWN:
        return Memory({}, True)
    from wizard.data_folder import read_toml

    path = _folder() / f"{lang}.toml"
    try:
        data = read_toml(path)
    except FileNotFoundError:
        return Memory({}, False)
    texts = data.get("texts", {})
    if not isinstance(texts, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in texts.items()):
        from wizard.data_folder import CatalogError

        raise CatalogError(path, "texts", "expected a table of Swedish text = translation")
    return Memory(dict(texts), data.get("reviewed") is True)


def translate(lang: str, swedish: str) -> str | None:
    """The translation of ``swedish`` into ``lang``, or None when there is none."""
    return memory(lang).texts.get(swedish)


def reviewed(lang: str) -> bool:
    return memory(lang).reviewed


def missing(lang: str, swedish: Iterable[str]) -> list[str]:
    """The Swedish texts among ``swedish`` that have no translation into ``lang`` (each once)."""
    if lang in OWN:
        return []
    known = memory(lang).texts
    return [s for s in dict.fromkeys(swedish) if s.strip() and s not in known]
