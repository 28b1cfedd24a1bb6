"""The shipped domain data (checklists/) and its loader, as a user meets them:
municipalities found however they are typed, every text in both languages,
the ids portfolio files rely on, and a clear error for a broken data file."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from wizard import catalog
from wizard.catalog import CatalogError, Text

ROOT = Path(__file__).resolve().parents[2]
SHARED_CSV = ROOT.parent / "shared" / "data" / "kommuner.csv"

# The stable ids in the team conventions (portfolio files use them as keys).
COMPANY_ITEMS = {
    "contact_huskurage", "study_model", "management_decision", "set_sizing",
    "write_action_plan", "review_advice", "nki_safety_questions", "huskurage_check_in",
}
CITY_ITEMS = {
    "fit_resources", "train_staff", "register_partners", "partner_meeting", "adapt_sign",
    "print_signs", "place_signs", "inform_tenants", "new_tenant_insert", "quality_review",
}
STEP_OF = {
    "contact_huskurage": 1, "study_model": 1, "management_decision": 1,
    "set_sizing": 2, "fit_resources": 2,
    "write_action_plan": 3, "train_staff": 3,
    "register_partners": 4, "partner_meeting": 4, "huskurage_check_in": 4,
    "review_advice": 5,
    "adapt_sign": 6, "print_signs": 6,
    "place_signs": 7, "inform_tenants": 7,
    "nki_safety_questions": 8, "new_tenant_insert": 8, "quality_review": 8,
}
PARTNER_KINDS = [
    "police", "social_services", "social_services_out_of_hours", "womens_shelter", "disturbance_on_call",
    "victim_support", "honour_violence", "tenants_association", "municipality", "huskurage", "other",
]
EXPECTED_KINDS = ["police", "social_services", "social_services_out_of_hours", "womens_shelter", "disturbance_on_call"]
ROLES = {"customer_service", "property_manager", "caretaker", "security_manager", "disturbance_on_call"}
CADENCES = {
    "nki_survey": ("company", 12), "huskurage_check_in": ("company", 6),
    "action_plan_review": ("company", 12), "training_refresh": ("city", 12),
    "partner_check_in": ("city", 6), "sign_inspection": ("city", 6), "quality_review": ("city", 12),
    "number_check": ("city", 6), "new_tenant_info_audit": ("city", 3),
}
NATIONAL_NUMBERS = {"112", "114 14", "020-50 50 50", "020-80 80 80", "020-55 00 00", "020-555 666", "116 111", "116 006"}


@pytest.fixture(scope="module")
def cat() -> catalog.Catalog:
    return catalog.load()


# ------------------------------------------------------------ municipalities


def test_all_290_municipalities_in_21_counties(cat):
    assert len(cat.municipalities) == 290
    counties = cat.counties()
    assert sorted(counties) == ["01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14",
                                "17", "18", "19", "20", "21", "22", "23", "24", "25"]
    assert counties["14"] == "Västra Götalands län"
    assert all(re.fullmatch(r"\d{4}", code) and m.county_code == code[:2] for code, m in cat.municipalities.items())


def test_code_keeps_its_leading_zero(cat):
    vasby = cat.municipality("0114")
    assert vasby is not None and vasby.name == "Upplands Väsby" and vasby.county == "Stockholms län"
    assert list(cat.municipalities)[0] == "0114"  # sorted by code, as text
    assert cat.municipality("114") is None  # a code is text, not a number...
    assert cat.find_municipality("114") is vasby  # ...but typing it without the zero still finds it


@pytest.mark.parametrize(
    "query, code",
    [
        ("1480", "1480"),
        ("goteborg", "1480"),
        ("GÖTEBORG", "1480"),
        ("  Göteborg ", "1480"),
        ("Göteborgs stad", "1480"),
        ("malung salen", "2023"),
        ("Malung-Sälen", "2023"),
        ("MALUNG-SALEN", "2023"),
        ("ostra goinge", "1256"),
        ("upplands vasby", "0114"),
        ("Stockholms kommun", "0180"),
        ("Håbo", "0305"),
        ("0643", "0643"),
    ],
)
def test_find_municipality_by_code_or_name_any_case_any_diacritics(query, code):
    found = catalog.find_municipality(query)
    assert found is not None and found.code == code


@pytest.mark.parametrize("query", ["Atlantis", "9999", "", "Göteborj"])
def test_unknown_municipality_is_none(query):
    assert catalog.find_municipality(query) is None


def test_habo_without_ring_is_ambiguous_and_both_are_suggested(cat):
    # Håbo (0305) and Habo (0643) fold to the same letters: never guess between them.
    assert {m.code for m in cat.find_municipalities("habo")} == {"0305", "0643"}
    assert cat.find_municipality("habo") is None
    assert {m.code for m in cat.suggest("habo")[:2]} == {"0305", "0643"}


def test_did_you_mean(cat):
    assert cat.suggest("Göteborj")[0].name == "Göteborg"
    assert catalog.suggest("Stokholm")[0].name == "Stockholm"
    assert cat.suggest("vasteraas")[0].name == "Västerås"
    assert [m.name for m in cat.suggest("upplands", n=2)] == ["Upplands-Bro", "Upplands Väsby"]
    assert len(cat.suggest("berg", n=5)) <= 5
    assert cat.suggest("xqzxqzxqz") == []


def test_municipality_slug_is_ascii(cat):
    assert cat.municipality("2023").slug == "malung-salen"
    assert all(m.slug.isascii() and m.slug for m in cat.municipalities.values())


@pytest.mark.skipif(not SHARED_CSV.exists(), reason="shared data folder not present")
def test_shipped_csv_is_the_shared_reference_copy():
    assert (ROOT / "checklists" / "kommuner.csv").read_bytes() == SHARED_CSV.read_bytes()


# ------------------------------------------------------------------- texts


def _texts(obj, where="catalog"):
    if isinstance(obj, Text):
        yield where, obj
    elif dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            yield from _texts(getattr(obj, f.name), f"{where}.{f.name}")
    elif isinstance(obj, (tuple, list)):
        for i, x in enumerate(obj):
            yield from _texts(x, f"{where}[{i}]")


def test_every_text_has_swedish_and_english(cat):
    texts = list(_texts(cat))
    assert len(texts) > 150  # steps, items, kinds, advice, roles, cadences, numbers
    # A text is either in both languages or (for a fact the sources do not give, like
    # Välj att sluta's hours, or Brottsofferjouren's known only from 2020) deliberately empty
    # in both: never in one language only. Only police first has a second number in the red box.
    one_sided = [where for where, t in texts if bool(t.sv.strip()) != bool(t.en.strip())]
    assert one_sided == []
    unknown = [where for where, t in texts if not t.sv.strip()]
    assert unknown == ["catalog.advice[0].also", "catalog.advice[2].also", "catalog.numbers[5].hours", "catalog.numbers[7].hours"]


def test_swedish_and_english_differ_in_help_texts(cat):
    # A help text copied into the wrong language is easy to miss in review.
    same = [i.id for i in cat.items() if i.help.sv == i.help.en or i.title.sv == i.title.en]
    assert same == []
    assert cat.item("place_signs").title("en") == "Put up the sign in every entrance"
    assert cat.item("place_signs").title("sv") == "Sätt upp skylten i varje port"


# -------------------------------------------------------- steps and items


def test_eight_steps_in_order_each_with_items(cat):
    assert [s.number for s in cat.steps] == list(range(1, 9))
    assert all(s.items for s in cat.steps)
    assert cat.step(7).title("sv") == "Ha skylten på plats när ni informerar hyresgästerna"


def test_item_ids_are_unique_and_all_team_ids_exist_at_their_level(cat):
    ids = [i.id for i in cat.items()]
    assert len(ids) == len(set(ids))
    assert {i.id for i in cat.items("company")} == COMPANY_ITEMS
    assert {i.id for i in cat.items("city")} == CITY_ITEMS


def test_items_sit_under_their_step(cat):
    assert {i.id: i.step for i in cat.items()} == STEP_OF
    assert all(i.step == s.number for s in cat.steps for i in s.items)


def test_tenants_are_informed_only_after_the_signs_are_up(cat):
    assert "place_signs" in cat.item("inform_tenants").after
    assert "every entrance" in cat.item("place_signs").help("en")
    assert "varje port" in cat.item("place_signs").help("sv")


def test_lookup_by_id(cat):
    assert catalog.item("place_signs").level == "city"
    assert catalog.item("no_such_item") is None
    assert catalog.partner_kind("socialjour") is None
    assert catalog.partner_kind("social_services_out_of_hours").name("sv") == "Socialjouren"
    assert catalog.role("caretaker").name("en") == "Caretaker"
    assert catalog.cadence("sign_inspection").role == "caretaker"
    assert catalog.commitment("within_a_week").working_days == 5
    assert catalog.advice_variant("police_first").name("sv") == "Polisen först"
    assert catalog.municipality("1480").name == "Göteborg"


# ------------------------------------------------------------- partners


def test_partner_kinds_and_the_five_expected_in_every_city(cat):
    assert [k.id for k in cat.partner_kinds] == PARTNER_KINDS
    assert [k.id for k in catalog.expected_partner_kinds()] == EXPECTED_KINDS
    assert "112" in cat.partner_kind("social_services_out_of_hours").hint("sv")


def test_the_sign_lists_partner_kinds_in_the_order_of_the_data(cat):
    """partners.toml `sign`: the police first, then the night services; the sign and the wizard's preview read it."""
    assert cat.sign_partner_kinds == (
        "police", "disturbance_on_call", "womens_shelter", "social_services", "social_services_out_of_hours", "victim_support",
    )
    assert set(cat.sign_partner_kinds) <= {k.id for k in cat.partner_kinds}


# --------------------------------------------------------------- advice


def test_advice_variants(cat):
    assert [v.id for v in cat.advice] == ["huskurage", "police_first", "custom"]
    for v in cat.advice:
        assert bool(v.steps) == (v.id != "custom"), v.id
        assert "112" in v.acute("sv") and "112" in v.acute("en")


def test_police_first_calls_112_first_then_doorbell_then_home(cat):
    steps = cat.advice_variant("police_first").steps
    assert len(steps) == 3
    assert "112" in steps[0]("sv") and "112" in steps[0]("en")
    assert "ring" in steps[1]("sv").lower() and "doorbell" in steps[1]("en")
    assert "egen lägenhet" in steps[2]("sv") and "own apartment" in steps[2]("en")


def test_standard_model_rings_the_doorbell_first(cat):
    steps = cat.advice_variant("huskurage").steps
    assert "doorbell" in steps[0]("en") and "112" not in steps[0]("sv")


def test_child_concern_step_is_a_report_to_social_services(cat):
    assert "orosanmälan" in cat.child_concern("sv") and "socialtjänsten" in cat.child_concern("sv")
    assert "social services" in cat.child_concern("en")


# -------------------------------------------------- action plan and cadences


def test_commitments_ordered_by_working_days(cat):
    assert [(c.id, c.working_days) for c in cat.commitments] == [
        ("next_working_day", 1),
        ("within_3_working_days", 3),
        ("within_a_week", 5),
    ]
    assert cat.commitment("next_working_day").name("sv") == "senast nästa arbetsdag"


def test_roles_say_what_to_do_on_acute_and_non_acute_reports(cat):
    assert {r.id for r in cat.roles} == ROLES
    for r in cat.roles:
        assert r.duty.sv and r.acute.sv and r.non_acute.sv and r.acute.en and r.non_acute.en, r.id
    assert "112" in cat.role("customer_service").acute("sv")


def test_cadences_with_level_months_and_a_known_role(cat):
    assert {c.id: (c.level, c.months) for c in cat.cadences} == CADENCES
    assert all(cat.role(c.role) is not None for c in cat.cadences)


# ------------------------------------------------------------ numbers


def test_national_numbers_with_source_and_date(cat):
    assert {n.number for n in cat.numbers} == NATIONAL_NUMBERS
    for n in cat.numbers:
        assert n.source.startswith("https://"), n.id
        assert dt.date.fromisoformat(n.verified_on) <= dt.date(2026, 11, 1)
        if n.source_date:
            assert dt.date.fromisoformat(n.source_date) <= dt.date.fromisoformat(n.verified_on)
    assert {n.number for n in cat.numbers if n.pilot} == {"020-80 80 80", "020-55 00 00"}
    assert cat.number("emergency").dial == "112"
    assert cat.number("womens_helpline").dial == "020505050"


# --------------------------------------------------------- broken data


@pytest.fixture
def data_copy(tmp_path):
    target = tmp_path / "checklists"
    shutil.copytree(ROOT / "checklists", target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    """Replace the first occurrence (a leading newline keeps comments out of it)."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_copy_of_the_data_loads_the_same(data_copy):
    assert catalog.load(data_copy) == catalog.load()


@pytest.mark.parametrize(
    "file, old, new, key",
    [
        ("steps.toml", 'title.en = "Contact the Huskurage association"\n', "", "steps[0].items[0].title"),
        ("steps.toml", '\nlevel = "company"', '\nlevel = "county"', "steps[0].items[0].level"),
        ("steps.toml", 'after = ["place_signs"]', 'after = ["place_sign"]', "steps[6].items[1].after"),
        ("partners.toml", "\nexpected = true", '\nexpected = "yes"', "kinds[0].expected"),
        ("partners.toml", '\n  "womens_shelter",', '\n  "womens_shelters",', "sign[2]"),
        ("partners.toml", '\n  "victim_support",', '\n  "police",', "sign[5]"),
        ("advice.toml", 'id = "custom"', 'id = "huskurage"', "variants[2]"),
        ("action_plan.toml", "working_days = 3", "working_days = 0", "commitments[1].working_days"),
        ("cadences.toml", 'role = "caretaker"', 'role = "janitor"', "cadences[5].role"),
        ("numbers.toml", "\nverified_on = 2026-11-01", '\nverified_on = "last week"', "numbers[0].verified_on"),
        ("numbers.toml", 'number = "112"', 'numbr = "112"', "numbers[0].numbr"),
        ("kommuner.csv", "0114,Upplands Väsby", "114,Upplands Väsby", "line 2 kommunkod"),
    ],
)
def test_broken_data_file_names_file_and_key(data_copy, file, old, new, key):
    _edit(data_copy / file, old, new)
    with pytest.raises(CatalogError) as err:
        catalog.load(data_copy)
    assert err.value.file.endswith(file)
    assert err.value.key.startswith(key)
    assert file in str(err.value) and key in str(err.value)


def test_invalid_toml_names_the_file(data_copy):
    (data_copy / "advice.toml").write_text("[acute\nsv = 1", encoding="utf-8")
    with pytest.raises(CatalogError, match=r"advice\.toml.*invalid TOML"):
        catalog.load(data_copy)


def test_missing_file_names_the_file(data_copy):
    (data_copy / "numbers.toml").unlink()
    with pytest.raises(CatalogError, match=r"numbers\.toml: file missing"):
        catalog.load(data_copy)


# ------------------------------------------------------------ start-up


def test_loading_imports_nothing_heavy():
    code = (
        "import sys, wizard.catalog as c; c.load(); c.find_municipality('goteborg'); "
        "print(' '.join(m for m in ('textual', 'holidays', 'tomlkit', 'jinja2', 'icalendar', 'difflib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == ""
