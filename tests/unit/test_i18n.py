"""Every string has Swedish and English, and the placeholders agree."""

from __future__ import annotations

import string

import pytest

from wizard import i18n


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("area", i18n.areas())
def test_every_key_has_both_languages_with_same_placeholders(area):
    entries = i18n.area(area)
    assert entries, area
    for key, entry in entries.items():
        assert entry.get("sv", "").strip(), f"{area}.{key} lacks Swedish"
        assert entry.get("en", "").strip(), f"{area}.{key} lacks English"
        assert _fields(entry["sv"]) == _fields(entry["en"]), f"{area}.{key} placeholders differ"


def test_language_switch_and_env(monkeypatch):
    assert i18n.t("cli.check.summary", n=2) == "2 fynd."
    i18n.set_language("en")
    assert i18n.t("cli.check.summary", n=2) == "2 findings."
    monkeypatch.setenv("HUSKURAGE_LANG", "en_GB.UTF-8")
    assert i18n.default_language() == "en"
    monkeypatch.setenv("HUSKURAGE_LANG", "klingon")
    assert i18n.default_language() == "sv"
    with pytest.raises(ValueError):
        i18n.set_language("de")
