"""The case-data guard's rules one by one (wizard/privacy.py); the corpora are in tests/guarantees/test_case_data.py."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wizard import parse, privacy
from wizard.demo import demo_portfolio


def kinds(text: str, **kw) -> list[str]:
    return [h.kind for h in privacy.find(text, **kw)]


def check_digit(nine: str) -> str:
    total = 0
    for i, ch in enumerate(nine):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return str((10 - total % 10) % 10)


# ------------------------------------------------------------------ personal identity numbers


@st.composite
def personal_numbers(draw, coordination: bool = False):
    """A valid personal identity (or coordination) number: its date, its three digits, its check digit."""
    born = draw(st.dates(dt.date(1900, 1, 1), dt.date(2025, 12, 31)))
    day = born.day + (60 if coordination else 0)
    short = f"{born.year % 100:02d}{born.month:02d}{day:02d}"
    serial = f"{draw(st.integers(0, 999)):03d}"
    return born, short, serial + check_digit(short + serial)


FORMS = {
    "10 digits": lambda born, short, tail: short + tail,
    "10 with -": lambda born, short, tail: f"{short}-{tail}",
    "10 with +": lambda born, short, tail: f"{short}+{tail}",
    "12 digits": lambda born, short, tail: f"{born.year // 100}{short}{tail}",
    "12 with -": lambda born, short, tail: f"{born.year // 100}{short}-{tail}",
}


@pytest.mark.parametrize("form", FORMS)
@given(number=personal_numbers(), coordination=personal_numbers(coordination=True), before=st.sampled_from(["", "Pnr ", "född "]))
@settings(max_examples=60, deadline=None)
def test_every_valid_personal_identity_or_coordination_number_is_found_in_every_form(form, number, coordination, before):
    for born, short, tail in (number, coordination):
        written = FORMS[form](born, short, tail)
        assert privacy.find(f"{before}{written} ringde") == (privacy.Hit("personal_number", written),)


@given(number=personal_numbers())
@settings(max_examples=100, deadline=None)
def test_a_wrong_check_digit_is_no_personal_identity_number(number):
    born, short, tail = number
    wrong = tail[:3] + str((int(tail[3]) + 1) % 10)
    assert "personal_number" not in kinds(f"{short}-{wrong}")


@st.composite
def phone_numbers(draw):
    """Swedish phone numbers as people write them: area code, a dash, groups of two or three digits."""
    area = draw(st.sampled_from(["08", "031", "040", "018", "070", "072", "073", "076", "0480", "0911", "020"]))
    digits = "".join(str(draw(st.integers(0, 9))) for _ in range(10 - len(area)))
    groups = []
    rest = digits
    while rest:
        size = 3 if len(rest) in (3, 5) else 2
        groups.append(rest[:size])
        rest = rest[size:]
    local = " ".join(groups)
    return draw(st.sampled_from([f"{area}-{local}", f"{area} {local}", f"+46 {area[1:]} {local}", f"+46{area[1:]}{digits}"]))


@given(phone=phone_numbers(), before=st.sampled_from(["", "Ring ", "Tel. ", "Jourtelefon "]))
@settings(max_examples=300, deadline=None)
def test_phone_numbers_as_people_write_them_are_never_taken_for_case_data(phone, before):
    assert privacy.find(before + phone) == ()


@given(area=st.sampled_from(["070", "072", "073", "076", "08", "031"]), rest=st.integers(0, 10**7 - 1))
@settings(max_examples=200, deadline=None)
def test_ten_bare_digits_beginning_with_0_in_a_phone_field_or_after_a_phone_word_are_a_phone_number(area, rest):
    bare = (area + f"{rest:07d}")[:10]
    assert privacy.find(bare, phone=True) == ()
    assert privacy.find(f"Ring {bare}") == ()
    assert privacy.find(f"tel: {bare}") == ()


@given(first=st.integers(1, 9), second=st.integers(0, 9), third=st.integers(2, 9), rest=st.integers(0, 10**6 - 1))
@settings(max_examples=200, deadline=None)
def test_organisation_numbers_are_no_personal_identity_numbers(first, second, third, rest):
    nine = f"{first}{second}{third}{rest:06d}"  # the third digit is 2 or more for every legal person
    number = f"{nine[:6]}-{nine[6:]}{check_digit(nine)}"
    assert privacy.find(f"Org.nr {number}") == ()


@pytest.mark.parametrize("text", ["2026-11-20", "20261120", "2026-11-20 14:30", "v. 47 2026", "0180", "1480-goteborg", "114 14", "116 006"])
def test_dates_codes_and_short_numbers_are_not_case_data(text):
    assert privacy.find(text) == ()


def test_a_number_inside_a_longer_run_of_digits_is_not_read():
    assert privacy.find("OCR 1198501011236") == ()
    assert privacy.find("+198501011236") == ()


# ------------------------------------------------------------------ apartments and addresses


@pytest.mark.parametrize(
    "text,hit",
    [
        ("lgh 1102", "lgh 1102"),
        ("Lgh. 1201 klagar", "Lgh. 1201"),
        ("lgh nr 12", "lgh nr 12"),
        ("lgh1102", "lgh1102"),
        ("lägenhet 3", "lägenhet 3"),
        ("Lägenhet nr 12", "Lägenhet nr 12"),
        ("dörr 1101", "dörr 1101"),
        ("bor på 1202", "bor på 1202"),
        ("apt 4B", "apt 4B"),
    ],
)
def test_apartment_numbers(text, hit):
    assert privacy.find(text) == (privacy.Hit("apartment", hit),)


@pytest.mark.parametrize("text", ["port 3", "34 av 90 portar", "Alla 3 100 lägenheter", "nr 1480", "nummer 1177", "från 1986", "lägenheter 120"])
def test_entrances_municipality_codes_and_counts_are_no_apartment_numbers(text):
    assert privacy.find(text) == ()


@pytest.mark.parametrize(
    "text,hit",
    [
        ("Storgatan 5 B", "Storgatan 5 B"),
        ("på Kungsvägen 12", "Kungsvägen 12"),
        ("Drottninggatan 7A, 3 tr", "Drottninggatan 7A"),
        ("Sergels torg 12", "Sergels torg 12"),
        ("Backen 3", "Backen 3"),
        ("12 Main Street", "12 Main Street"),
    ],
)
def test_street_addresses_with_a_house_number(text, hit):
    assert privacy.find(text) == (privacy.Hit("address", hit),)


@pytest.mark.parametrize("text", ["Kontoret på Storgatan", "Skylten sitter i höjden 160 cm", "Handlingsplan 2", "gatan 5 minuter bort", "Storgatan 2026"])
def test_street_names_without_a_house_number_are_no_address(text):
    assert privacy.find(text) == ()


def test_a_buildings_own_address_passes_where_addresses_are_stock():
    assert privacy.find("Storgatan 5 B", addresses=False) == ()
    assert kinds("Storgatan 5 B, slagen", addresses=False) == ["incident"]


# ------------------------------------------------------------------ words


@pytest.mark.parametrize(
    "text,word",
    [
        ("Slagen av sin sambo", "Slagen"),
        ("SLAGEN", "SLAGEN"),
        ("hon misshandlades", "misshandlades"),
        ("blåmärkena syntes", "blåmärkena"),
        ("ex-sambo", "sambo"),
        ("Hennes   make", "Hennes   make"),
        ("the victim's flat", "victim's"),
    ],
)
def test_words_are_found_whole_in_any_case_and_inflection(text, word):
    assert privacy.find(text)[0].text == word


@pytest.mark.parametrize("text", ["Oslagbar", "oslagen rekord", "Slagord", "Samband med polisen", "Make sure", "Offertförfrågan", "hotell", "Brottsofferjouren", "grape", "wifely"])
def test_a_word_inside_another_word_is_not_found(text):
    assert privacy.find(text) == ()


def test_invisible_characters_and_full_width_digits_do_not_hide_case_data():
    assert kinds("sla\u200bgen") == ["incident"]
    assert kinds("s\u00adlagen") == ["incident"]
    number = "８５０１０１－１２３６"  # full-width, as some keyboards type
    assert kinds(number) == ["personal_number"]


def test_the_word_lists_are_data_in_checklists():
    from wizard.data_folder import data_dir

    text = (data_dir() / privacy.DATA_FILE).read_text(encoding="utf-8")
    for word in ("slagen", "misshandel*", "blåmärk*", "hotad", "våldtäkt*", "sambo*", "hennes make", "offret", "gärningsman*"):
        assert f'"{word}"' in text


def test_hits_are_named_in_the_users_language_at_most_three():
    hits = privacy.find("lgh 1102 Storgatan 5 slagen sambo 850101-1236")
    assert len(hits) == 5
    assert privacy.describe(hits, "sv") == "«lgh 1102» (ett lägenhetsnummer), «Storgatan 5» (en gatuadress), «slagen» (ett ord om en händelse) och 2 till"
    assert privacy.describe(hits[:1], "en") == "“lgh 1102” (an apartment number)"


# ------------------------------------------------------------------ typed text


@pytest.mark.parametrize(
    "text,key",
    [
        ("x" * 1_000_000, "parse.text.too_long"),
        ("a\x00b", "parse.text.nul"),
        ("a\x1b[2Jb", "parse.text.control"),
        ("a\x9bb", "parse.text.control"),
        ("a\x7fb", "parse.text.control"),
        ("fil\u202etxt.exe", "parse.text.bidi"),
        ("\u2066isolerad\u2069", "parse.text.bidi"),
        ("lgh 1102", "privacy.refused"),
    ],
)
def test_entry_refuses_with_its_own_reason(text, key):
    with pytest.raises(parse.ParseError) as e:
        privacy.entry(text)
    assert e.value.key == key
    assert e.value.message()


@pytest.mark.parametrize("text", ["Rad 1\nRad 2\tmed tabb", "x" * parse.MAX_TEXT, "שלום \u200fBostad", "مرحبا \u061c", "Ｆｕｌｌｗｉｄｔｈ ＡＢ 🙂"])
def test_entry_takes_line_breaks_right_to_left_script_and_long_text(text):
    assert privacy.entry(text) == text


def test_a_note_is_checked_then_put_on_one_line():
    assert privacy.note("  Tryckt\n hos  X ") == "Tryckt hos X"
    with pytest.raises(privacy.CaseData):
        privacy.note("slag\nen? nej: slagen")


# ------------------------------------------------------------------ the model's texts


def test_every_text_of_the_model_is_walked_with_its_place():
    p = demo_portfolio()
    places = dict(privacy.texts(p.cities["1480"]))
    assert places["partners[0].organisation"] == "Polisen, lokalpolisområde Centrum"
    assert places["reporting.phone"] == "031-390 06 00"  # Göteborg's own kundtjänst, where its sign once had an extra line
    assert dict(privacy.texts(p.cities["0180"]))["sign.extra_lines[0]"].startswith("Kvinnofridslinjen")  # the demo's extra line
    assert places["progress.train_staff.note"] == "Fastighetsskötarna återstår."
    assert "progress.place_signs.status" in {text for place, text in places.items() if place.startswith("history[")}
    settings_places = dict(privacy.texts(p.settings))
    assert settings_places["advice.reason"].startswith("Vi vill inte")
    assert settings_places["huskurage.notes"].startswith("Genomgång")


def test_scan_names_the_place_of_every_find():
    p = demo_portfolio()
    city = p.cities["1480"]
    city.partners[1].contact_person = "handläggare för offret"
    city.progress["place_signs"].note = "850101-1236"
    assert [(path, [h.kind for h in hits]) for path, hits in privacy.scan(city)] == [
        ("partners[1].contact_person", ["role"]),
        ("progress.place_signs.note", ["personal_number"]),
    ]
    assert list(privacy.scan(demo_portfolio().settings)) == []
