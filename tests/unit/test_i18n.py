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
        for lang in ("sv", "en"):  # a singular, where there is one, says the same with a count of one
            if f"{lang}_one" in entry:
                assert _fields(entry[f"{lang}_one"]) <= _fields(entry[lang]), f"{area}.{key} {lang}_one has a placeholder of its own"
                assert "n" in _fields(entry[lang]), f"{area}.{key} has a singular but no count n"
        assert set(entry) <= {"sv", "en", "sv_one", "en_one"}, f"{area}.{key}: {sorted(entry)}"


def test_a_count_of_one_takes_the_singular():
    assert i18n.t("tui.save.saved", "sv", n=1) == "Sparat: 1 fil."
    assert i18n.t("tui.save.saved", "sv", n=2) == "Sparat: 2 filer."
    assert i18n.t("tui.save.saved", "en", n=1) == "Saved: 1 file."
    assert i18n.t("tui.save.saved", "en", n=0) == "Saved: 0 files."
    # a count already formatted for the language (fmt_number) is still a count
    assert i18n.t("dashboard.city.what_survey", "en", date="2026-11-02", n="1") == "Customer survey 2026-11-02: 1 respondent"
    assert i18n.t("dashboard.city.what_survey", "en", date="2026-11-02", n="1 200") == "Customer survey 2026-11-02: 1 200 respondents"


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


def test_the_programs_own_languages_are_one_list():
    """check looks for a sign language beyond them (i18n.LANGUAGES) before it imports wizard.translations."""
    from wizard import i18n, translations

    assert translations.OWN == i18n.LANGUAGES
