"""What tenants read on the sign and in the letter: the right number for each worry, the way to reach the landlord,
numbers as honest as they are known, safe logos, and signs that say when they went stale (issue 12).

Read through the documents' own text (``render_sign``, ``render_tenant_info``), the way a tenant meets it.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from support import TEXT_FORMATS, run_cli
from support.signs import png
from wizard import catalog, model, schedule
from wizard.demo import demo_logos, demo_portfolio
from wizard.documents import export, render_action_plan, render_follow_up, render_sign, render_tenant_info
from wizard.documents.formatting import md_escape
from wizard.documents.logos import check_image, read_logo
from wizard.validation import validate

TODAY = dt.date(2026, 11, 16)


@pytest.fixture(scope="module")
def cat():
    return catalog.load()


def sign_text(portfolio, code: str) -> str:
    """The sign's words as a reader sees them: tags dropped, entities and no-break spaces made plain."""
    page = render_sign(portfolio, code, today=TODAY)
    body = page.split("<body>", 1)[1]
    body = re.sub(r"<img[^>]*>", " ", body)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def codes(findings):
    return [f.code for f in findings]


# ------------------------------------------------------------------ the advice: the right number for each worry


def test_police_first_answers_what_you_hear_with_112_and_every_other_worry_with_114_14():
    text = sign_text(demo_portfolio(), "0380")
    assert "Hör du bråk, skrik eller något som låter som våld?" in text
    assert "Är du orolig för att en granne far illa?" not in text  # "worried?" must not be answered "call 112"
    assert "Ring polisen på 112." in text
    assert "Pågår det just nu? Ring 112." in text
    assert "114 14 Orolig för en granne, men inget pågår just nu? Ring polisen på 114 14." in text
    assert "Råden är en anpassning av Huskurage, gjord av Demobostäder AB." in text


def test_the_standard_model_keeps_its_question_and_says_no_adaptation():
    p = demo_portfolio()
    p.settings.advice.variant = "huskurage"
    text = sign_text(p, "0380")
    assert "Är du orolig för att en granne far illa?" in text
    assert "Ring polisen: 112 om det är akut, annars 114 14." in text
    assert "anpassning" not in text


def test_tenants_read_polisen_inte_akut_and_how_to_reach_socialjouren_through_112():
    text = sign_text(demo_portfolio(), "0380")
    assert "Polisen, inte akut Polisen, lokalpolisområde Uppsala 114 14" in text
    assert "Socialjouren, Uppsala Ring 112 och be om socialjouren 112" in text
    letter = render_tenant_info(demo_portfolio(), "0380", today=TODAY)
    assert "| Polisen, inte akut (Polisen, lokalpolisområde Uppsala) | 114 14 |" in letter
    assert "Ring 112 och be om socialjouren" in letter


# ------------------------------------------------------------------ the reporting route


def test_every_sign_and_letter_says_how_to_tell_the_landlord_and_what_it_promises():
    p = demo_portfolio()
    uppsala = sign_text(p, "0380")
    assert (
        "Berätta för oss: 08-46 500 400, vardagar 08–16, demobostader.example/trygghet. Vi agerar senast nästa arbetsdag."
        in uppsala
    )
    assert "Gå därefter in i din egen lägenhet. Om du tror att ett barn far illa: gör också en orosanmälan till socialtjänsten. Berätta för oss, så att vi kan agera." in uppsala
    # Göteborg has its own kundtjänst; the rest of the route is the company's.
    assert "Berätta för oss: 031-390 06 00, vardagar 08–16, demobostader.example/trygghet." in sign_text(p, "1480")
    # A bilingual sign says it in English too, with the English hours.
    assert "Tell us: 08-46 500 400, weekdays 08–16, demobostader.example/trygghet. We act at the latest the next working day." in sign_text(p, "0180")
    letter = render_tenant_info(p, "0380", today=TODAY)
    assert "Har du hört eller sett något som oroar dig? **Berätta för oss: 08-46 500 400" in letter
    assert "Kontakta oss" not in letter


def test_a_missing_route_is_an_error_that_holds_back_only_the_signs_and_letters_it_concerns(cat, tmp_path):
    p = demo_portfolio()
    p.settings.reporting = model.ReportingRoute()
    found = [f for f in validate(p, cat, today=TODAY) if f.code == "missing_reporting_route"]
    assert len(found) == 1 and found[0].severity == "error"
    assert found[0].blocks == ("0180", "0380")  # Göteborg has its own phone
    assert "Stockholm, Uppsala" in found[0].message()
    heard: list[str] = []
    written = export(p, tmp_path / "out", formats=TEXT_FORMATS, today=TODAY, findings=found, notice=heard.append)
    names = {f.relative_to(tmp_path / "out").as_posix() for f in written}
    assert {"signs/1480-goteborg.html", "tenant-info/1480-goteborg.md", "action-plan.md"} <= names
    assert not [n for n in names if "0180" in n or "0380" in n]
    assert heard == [
        "Skyltar och hyresgästbrev för Stockholm, Uppsala skrevs inte: hyresgästerna vet inte hur de når er "
        "(huskurage check visar vad som saknas). Övriga dokument skrevs."
    ]


def test_the_cli_exports_the_rest_when_only_the_route_is_missing(demo_dir):
    text = (demo_dir / "huskurage.toml").read_text(encoding="utf-8")
    (demo_dir / "huskurage.toml").write_text(re.sub(r"\[reporting\][^\[]*", "", text), encoding="utf-8")
    r = run_cli("check", demo_dir)
    assert r.returncode == 1 and "reporting.phone" in r.stdout
    r = run_cli("export", demo_dir, "--out", demo_dir / "out", "--format", "md,html")
    assert r.returncode == 0, r.stderr
    assert "Stockholm, Uppsala skrevs inte" in r.stderr
    assert (demo_dir / "out" / "signs" / "1480-goteborg.html").is_file()
    assert not (demo_dir / "out" / "signs" / "0380-uppsala.html").exists()


# ------------------------------------------------------------------ numbers as honest as they are known


def test_no_editorial_caveat_and_pilot_lines_only_when_checked_lately(cat):
    p = demo_portfolio()
    text = sign_text(p, "0380")
    assert "uppgift från 2020" not in text and "116 006" in text
    assert "020-80 80 80" not in text  # a pilot line nobody has checked may have closed
    p.settings.number_checks["mens_helpline"] = model.NumberCheck(dt.date(2026, 10, 1))
    assert "020-80 80 80" in sign_text(p, "0380")
    assert "pilot_number_printed" in codes(validate(p, cat, today=TODAY))
    p.settings.number_checks["mens_helpline"] = model.NumberCheck(dt.date(2025, 10, 1))
    assert "020-80 80 80" not in sign_text(p, "0380")


def test_check_warns_about_numbers_never_checked_or_checked_over_a_year_ago(cat):
    p = demo_portfolio()
    del p.settings.number_checks["womens_helpline"]
    p.settings.number_checks["children_helpline"] = model.NumberCheck(dt.date(2025, 11, 1))
    found = {f.path: f for f in validate(p, cat, today=TODAY)}
    assert found["number_checks.womens_helpline"].code == "number_never_checked"
    assert found["number_checks.children_helpline"].code == "number_check_old"
    assert all(f.severity == "warning" for f in found.values())


def test_the_plans_verified_column_shows_a_real_check_or_the_sources_date_said_as_such():
    p = demo_portfolio()
    del p.settings.number_checks["victim_helpline"]
    plan = render_action_plan(p, today=TODAY)
    assert "| Brottsofferjouren | 116 006 | – | inte av er – källan daterad 2020-09-15 |" in plan
    assert "| Kvinnofridslinjen | 020-50 50 50 | Dygnet runt | 2026-11-02 |" in plan
    assert "2026-11-01" not in plan  # the research file's date is not a check


def test_numbers_command_records_a_real_check(demo_dir):
    r = run_cli("numbers", demo_dir, "--verified-on", "2026-11-20", "--number", "womens_helpline", "--note", "ringt")
    assert r.returncode == 0, r.stderr
    assert "Kontrollen 2026-11-20 är införd för 1 nummer." in r.stdout
    r = run_cli("numbers", demo_dir)
    assert "020-50 50 50" in r.stdout and "kontrollerat 2026-11-20 – ringt" in r.stdout
    assert "pilot – står inte på skyltarna" in r.stdout
    assert run_cli("numbers", demo_dir, "--verified-on", "2999-01-01").returncode == 2
    assert run_cli("numbers", demo_dir, "--verified-on", "2026-11-20", "--number", "nope").returncode == 2


def test_numbers_command_says_its_count_in_english_too(demo_dir):
    english = {"HUSKURAGE_LANG": "en"}
    r = run_cli("numbers", demo_dir, "--verified-on", "2026-11-20", "--number", "womens_helpline", env=english)
    assert "The check of 2026-11-20 is recorded for 1 number." in r.stdout, r.stdout + r.stderr
    r = run_cli("numbers", demo_dir, "--verified-on", "2026-11-21", "--number", "womens_helpline", "--number", "police_non_urgent", env=english)
    assert "The check of 2026-11-21 is recorded for 2 numbers." in r.stdout, r.stdout + r.stderr


# ------------------------------------------------------------------ logos


def test_a_logo_that_is_not_the_picture_its_name_says_or_an_svg_with_script_is_refused(tmp_path):
    (tmp_path / "logos").mkdir()
    cases = {
        "text.png": b"just some text, not a picture",
        "script.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "onload.svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>',
        "link.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>',
        "html.svg": b"<html><body>not an svg</body></html>",
    }
    for name, data in cases.items():
        (tmp_path / "logos" / name).write_bytes(data)
        with pytest.raises(ValueError) as e:
            read_logo(tmp_path, f"logos/{name}")
        assert "bild" in str(e.value) or "SVG" in str(e.value), name
    (tmp_path / "logos" / "big.png").write_bytes(png(2, 2, (0, 0, 0)) + b"\0" * (50 * 1024 * 1024))
    with pytest.raises(ValueError, match="större än 2 MB"):
        read_logo(tmp_path, "logos/big.png")
    (tmp_path / "logos" / "ok.png").write_bytes(png(4, 4, (1, 2, 3)))
    assert read_logo(tmp_path, "logos/ok.png").startswith(b"\x89PNG")


def test_a_refused_logo_is_left_off_the_sign_and_the_export_says_why(tmp_path):
    root = tmp_path / "p"
    (root / "logos").mkdir(parents=True)
    (root / "logos" / "evil.svg").write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>')
    p = demo_portfolio()
    p.cities["1480"].sign.logos = ["logos/evil.svg"]
    heard: list[str] = []
    export(p, tmp_path / "out", formats=("html",), today=TODAY, logos_root=root, cities=["1480"], notice=heard.append)
    assert len(heard) == 1 and "evil.svg" in heard[0] and "skript" in heard[0]
    assert "<script" not in (tmp_path / "out" / "signs" / "1480-goteborg.html").read_text(encoding="utf-8")


def test_the_demo_logos_are_plain_placeholders_with_recorded_permission(cat):
    for path, data in demo_logos().items():
        check_image(data, ".svg")
        assert b"DEMO" in data and b"inte en riktig logga" in data, path
    p = demo_portfolio()
    assert len(p.cities["1480"].sign.logos) == 5  # the five its adapt_sign note lists
    for city in p.cities.values():
        for logo in city.sign.logos:
            assert city.sign.permissions[logo].approved_by and city.sign.permissions[logo].approved_on
    p.cities["1480"].sign.permissions.clear()
    p.cities["0380"].sign.logos = []
    found = codes(validate(p, cat, today=TODAY))
    assert found.count("logo_without_permission") == 5 and found.count("sign_without_logo") == 1


# ------------------------------------------------------------------ signs that went stale


def test_signs_printed_before_a_number_changed_are_out_of_date_everywhere(demo_dir):
    assert run_cli("mark", demo_dir, "uppsala", "print_signs", "done", "--on", "2026-11-02").returncode == 0
    city_file = demo_dir / "cities" / "0380-uppsala.toml"
    assert re.search(r'printed = "[0-9a-f]{16}"', city_file.read_text(encoding="utf-8"))
    assert run_cli("check", demo_dir).returncode == 0  # just printed: nothing stale
    city_file.write_text(city_file.read_text(encoding="utf-8").replace("070-17 406 02", "070-17 406 09"), encoding="utf-8")
    r = run_cli("check", demo_dir)
    assert r.returncode == 1 and "Skyltarna i Uppsala är inaktuella – tryck om dem" in r.stdout
    assert "Skyltarna i Uppsala är inaktuella" in run_cli("status", demo_dir).stdout
    assert '"signs_out_of_date": true' in run_cli("status", demo_dir, "--json", "--city", "uppsala").stdout
    r = run_cli("export", demo_dir, "--out", demo_dir / "out", "--format", "md")
    assert "| Tryck om skyltarna | Uppsala |" in (demo_dir / "out" / "follow-up.md").read_text(encoding="utf-8")
    # Printed again: up to date again.
    assert run_cli("mark", demo_dir, "uppsala", "print_signs", "done", "--on", "2026-11-20").returncode == 0
    assert run_cli("check", demo_dir).returncode == 0


# ------------------------------------------------------------------ language and fact corrections, print ids


def test_holiday_names_are_lower_case_in_running_text():
    assert schedule.non_working_reason(dt.date(2027, 3, 26), "sv") == "långfredagen"
    assert schedule.non_working_reason(dt.date(2027, 5, 6), "sv") == "Kristi himmelsfärdsdag"
    assert schedule.non_working_reason(dt.date(2027, 3, 26), "en") == "Good Friday"


def test_words_tenants_and_staff_read():
    p = demo_portfolio()
    letter = render_tenant_info(p, "0380", today=TODAY)
    assert "## Information till alla hushåll" in letter and "hemma hos" not in letter.lower()
    assert "| Vem | Nummer | Öppet |" in letter and "Nåbar" not in letter
    assert "### Du kan vara anonym" in letter
    p.settings.action_plan.wanted_commitment = "within_3_working_days"
    plan = render_action_plan(p, today=TODAY)
    assert "inom 3 arbetsdagar, räknat från dagen då ärendet kom in" in plan
    assert "3 arbetsdagar efter" not in plan
    assert catalog.load().commitment("within_a_week").name("sv") == "inom 5 arbetsdagar"
    en = render_tenant_info(p, "0180", today=TODAY)
    assert "Letter to all households" in en and "acute" not in en.split("## Huskurage", 1)[0].lower()
    assert md_escape("4.0") == "4.0" and md_escape("4. x") == "4\\. x"


def test_tenant_papers_carry_a_print_id_not_the_software():
    p = demo_portfolio()
    assert "Skylt 0380 · 2026-11-16" in sign_text(p, "0380")
    assert "huskurage 0.1.0" not in sign_text(p, "0380")
    letter = render_tenant_info(p, "0380", today=TODAY)
    assert letter.rstrip().endswith("_Brev 0380 · 2026-11-16_") and "huskurage 0." not in letter


def test_an_overdue_follow_up_shows_its_working_day_due_date():
    p = demo_portfolio()
    p.settings.cadences["number_check"] = 1
    p.cities["1480"].progress.pop("partner_meeting", None)
    text = render_follow_up(p, today=TODAY)
    for m in re.finditer(r"Skulle ha gjorts (\w+) (\d{4}-\d{2}-\d{2})", text):
        assert schedule.is_working_day(dt.date.fromisoformat(m.group(2))), m.group(0)


# ------------------------------------------------------------------ languages: English pairs, the list as data


def test_a_bilingual_sign_and_an_english_letter_hold_no_swedish_sentence_of_the_companys():
    p = demo_portfolio()
    letter = render_tenant_info(p, "0180", today=TODAY)
    english = letter.split("# Huskurage in Stockholm", 1)[1]
    for swedish in ("Kvinnofridslinjen tar hjälp av tolk", "Dygnet runt", "Kvällar och nätter", "Vardagar 08–16.30", "vardagar 08–16"):
        assert swedish not in english, swedish
    assert "Kvinnofridslinjen uses interpreters if you want to speak another language." in english
    assert "Tell us: 08-46 500 400, weekdays 08–16" in english
    text = sign_text(p, "0180")
    assert "Kvinnofridslinjen tar hjälp av tolk om du vill prata ett annat språk. Kvinnofridslinjen uses interpreters" in text


def test_a_bilingual_sign_gives_each_numbers_hours_in_both_languages():
    """Stockholm's sign is Swedish and English: an English reader learns when a local number answers too."""
    text = sign_text(demo_portfolio(), "0180")
    assert "08-46 500 401 Vardagar 08–16.30 Weekdays 08–16.30" in text  # social services, under its number
    assert "08-46 500 403 Kvällar och nätter Evenings and nights" in text
    one_language = sign_text(demo_portfolio(), "1480")  # Göteborg's sign is Swedish only: no English hours
    assert "Weekdays" not in one_language and "Vardagar 08–16.30" in one_language


def test_english_for_the_companys_own_steps_and_reason_is_optional_and_swedish_falls_back():
    p = demo_portfolio()
    p.settings.advice.variant = "custom"
    p.settings.advice.custom_steps = ["Ring 112 om du hör våld.", "Ring på hos grannen."]
    p.settings.advice.custom_steps_en = ["Call 112 if you hear violence."]
    text = sign_text(p, "0180")
    assert "Ring 112 om du hör våld. Call 112 if you hear violence." in text
    assert "Ring på hos grannen." in text and text.count("Ring på hos grannen.") == 1  # not repeated under itself
    p.settings.advice.reason_en = "Our reason."
    assert "Our reason." in render_action_plan(p, lang="en", today=TODAY)


def test_the_sign_languages_are_data_and_a_right_to_left_sign_is_laid_out_right_to_left(cat):
    assert [lg.id for lg in cat.languages] == ["sv", "en", "lattlast", "ar", "fa", "so", "fi", "pl"]
    assert cat.language("ar").direction == "rtl" and cat.language("lattlast").lang == "sv"
    p = demo_portfolio()
    p.cities["0380"].sign.languages = ["ar", "sv"]
    page = render_sign(p, "0380", today=TODAY)
    assert '<html lang="ar" dir="rtl">' in page
    assert "هل تسمع شجارًا أو صراخًا أو شيئًا يبدو كأنه عنف؟" in page
    # A number inside right-to-left text is isolated left to right, or "114 14" would read "14 114".
    assert "\u2066114\u00a014\u2069" in page
    found = {f.code: f for f in validate(p, cat, today=TODAY)}
    assert found["translation_unreviewed"].severity == "warning"
    assert "arabiska" in found["translation_unreviewed"].message("sv")


def test_a_language_without_translations_is_printed_in_swedish_and_check_counts_the_lines(cat):
    p = demo_portfolio()
    p.cities["1480"].sign.languages = ["sv", "fi"]
    found = [f for f in validate(p, cat, today=TODAY) if f.code == "translation_missing"]
    assert len(found) == 1 and found[0].params["n"] >= 5 and "finska" in found[0].message("sv")
    p.cities["1480"].sign.languages = ["sv", "xx"]
    bad = [f for f in validate(p, cat, today=TODAY) if f.code == "unknown_language"]
    assert bad and "ar" in bad[0].message("sv") and "checklists/languages.toml" in bad[0].message("sv")


def test_lang_en_says_signs_and_letters_follow_each_municipalitys_sign_languages(demo_dir):
    r = run_cli("export", demo_dir, "--out", demo_dir / "out", "--format", "md", "--lang", "en")
    assert r.returncode == 0, r.stderr
    assert (
        "Signs and tenant letters are in each municipality's own sign languages, not in --lang: "
        "Stockholm: Swedish, English; Uppsala: Swedish; Göteborg: Swedish." in r.stdout
    )
