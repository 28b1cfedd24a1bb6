"""Partners at district level (issue 14, item 5): a stadsdel's social services or a lokalpolisområde belong to an area,
and the sign and tenant letter of that area list them before the municipality's.

Read through the documents' own text and the files an export writes, the way the print shop and the tenants meet them.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from support import TEXT_FORMATS, run_cli
from wizard import catalog, model, store
from wizard.demo import demo_portfolio
from wizard.documents import export, render_action_plan, render_sign, render_tenant_info
from wizard.model import Building, Entrance, Partner
from wizard.validation import validate

TODAY = dt.date(2026, 11, 16)
AREA_POLICE = Partner("police", "Polisen, lokalpolisområde Gottsunda", "070-17 406 09", "Vardagar 09–17", area="Gottsunda")
AREA_SOCIAL = Partner("social_services", "Socialtjänsten, Gottsunda", "070-17 406 08", "Vardagar 08–16", area="Gottsunda")


@pytest.fixture(scope="module")
def cat():
    return catalog.load()


def _uppsala_in_areas(*partners: Partner) -> model.Portfolio:
    p = demo_portfolio()
    uppsala = p.cities["0380"]
    uppsala.buildings = [
        Building("U-1", area="Luthagen", address="Sysslomansgatan 1", entrances=[Entrance("A", apartments=12)]),
        Building("U-2", area="Gottsunda", address="Gottsunda allé 3", entrances=[Entrance("A", apartments=20), Entrance("B", apartments=18)]),
    ]
    uppsala.count_buildings()
    uppsala.partners += list(partners)
    return p


def _text(page: str) -> str:
    body = page.split("<body>", 1)[1]
    body = re.sub(r"<img[^>]*>", " ", body)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def test_an_areas_sign_lists_its_own_partners_and_the_municipalitys_for_the_kinds_it_lacks():
    p = _uppsala_in_areas(AREA_POLICE)
    area_sign = _text(render_sign(p, "0380", today=TODAY, area="Gottsunda"))
    assert "070-17 406 09" in area_sign and "lokalpolisområde Gottsunda" in area_sign
    assert "lokalpolisområde Uppsala" not in area_sign  # the area's police stands where the municipality's would
    assert "Socialjouren, Uppsala" in area_sign  # no social services of its own: the municipality's
    assert "Gottsunda, Uppsala" in area_sign and "Skylt 0380 Gottsunda" in area_sign
    city_sign = _text(render_sign(p, "0380", today=TODAY))
    assert "070-17 406 09" not in city_sign and "Gottsunda" not in city_sign and "lokalpolisområde Uppsala" in city_sign


def test_an_areas_tenant_letter_gives_its_tenants_the_areas_numbers():
    p = _uppsala_in_areas(AREA_POLICE, AREA_SOCIAL)
    letter = render_tenant_info(p, "0380", today=TODAY, area="Gottsunda")
    assert "070-17 406 09" in letter and "070-17 406 08" in letter
    assert "070-17 406 01" not in letter  # the municipality's social services gave way to the area's
    assert "070-17 406 08" not in render_tenant_info(p, "0380", today=TODAY)


def test_the_export_writes_one_sign_and_letter_per_area_with_partners_of_its_own(tmp_path):
    p = _uppsala_in_areas(AREA_POLICE)
    written = export(p, tmp_path / "out", formats=TEXT_FORMATS, today=TODAY)
    names = {f.relative_to(tmp_path / "out").as_posix() for f in written}
    assert {"signs/0380-uppsala.html", "signs/0380-uppsala-gottsunda.html", "tenant-info/0380-uppsala-gottsunda.md"} <= names
    assert not [n for n in names if "luthagen" in n]  # an area without partners of its own hangs the municipality's sign
    assert not [n for n in names if n.startswith("signs/0180-") and n != "signs/0180-stockholm.html"]


def test_the_print_shops_pdfs_give_an_area_its_own_page_not_the_municipalitys(tmp_path):
    """signs.pdf and signs/<code>-<slug>-<area>.pdf: the area's numbers, laid out for the area."""
    import subprocess

    pytest.importorskip("weasyprint")
    p = _uppsala_in_areas(AREA_POLICE)
    out = tmp_path / "out"
    export(p, out, formats=("pdf",), today=TODAY, cities=["0380"])

    def text(path):
        return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout

    area, city = text(out / "signs" / "0380-uppsala-gottsunda.pdf"), text(out / "signs" / "0380-uppsala.pdf")
    assert "070-17 406 09" in area and "070-17 406 09" not in city
    pages = text(out / "signs.pdf").split("\f")
    assert "070-17 406 09" not in pages[0] and "070-17 406 09" in pages[1]


def test_a_portfolio_without_area_partners_gets_exactly_one_sign_per_municipality(tmp_path):
    p = _uppsala_in_areas()
    written = export(p, tmp_path / "out", formats=TEXT_FORMATS, today=TODAY)
    signs = sorted(f.name for f in written if f.parent.name == "signs")
    assert signs == ["0180-stockholm.html", "0380-uppsala.html", "1480-goteborg.html"]


def test_check_names_a_partners_area_no_building_is_in_and_holds_back_only_that_municipalitys_signs(cat):
    typo = Partner("police", "Polisen, Gotsunda", "070-17 406 09", area="Gotsunda")
    found = [f for f in validate(_uppsala_in_areas(typo), cat, today=TODAY) if f.code == "unknown_partner_area"]
    assert len(found) == 1 and found[0].severity == "error" and found[0].blocks == ("0380",)
    assert found[0].path.endswith(".area") and "'Gotsunda'" in found[0].message() and "Luthagen, Gottsunda" in found[0].message()
    assert not [f for f in validate(_uppsala_in_areas(AREA_POLICE), cat, today=TODAY) if f.code == "unknown_partner_area"]


def test_the_area_is_kept_in_the_city_file_and_a_partner_without_one_writes_none(tmp_path):
    root = tmp_path / "p"
    store.init(root, _uppsala_in_areas(AREA_POLICE))
    text = (root / "cities" / "0380-uppsala.toml").read_text(encoding="utf-8")
    assert text.count("area = ") == 1 and 'area = "Gottsunda"' in text
    assert "area" not in (root / "cities" / "0180-stockholm.toml").read_text(encoding="utf-8")
    back = store.open(root).portfolio.cities["0380"]
    assert [x.area for x in back.partners if x.area] == ["Gottsunda"]
    r = run_cli("check", root)
    assert r.returncode == 0, r.stdout + r.stderr


def test_the_action_plan_says_which_area_a_partner_serves():
    plan = render_action_plan(_uppsala_in_areas(AREA_POLICE), today=TODAY)
    assert "Polisen, lokalpolisområde Gottsunda (område Gottsunda)" in plan
    assert "Polisen, lokalpolisområde Uppsala |" in plan  # the municipality's own, as before


def test_an_areas_printed_sign_is_out_of_date_when_its_own_partner_changes(cat):
    """Each sign's fingerprint is kept when the signs are marked printed (``[sign] printed_areas`` for an area's own):
    the area's police number changed since, so Gottsunda's stairwells say something else, and check says so."""
    from wizard.documents.sign import fingerprint_of

    p = _uppsala_in_areas(AREA_POLICE)
    uppsala = p.cities["0380"]
    uppsala.sign.printed = fingerprint_of(p, uppsala, cat, TODAY)
    uppsala.sign.printed_areas = {"Gottsunda": fingerprint_of(p, uppsala.for_area("Gottsunda"), cat, TODAY)}
    assert "signs_out_of_date" not in {f.code for f in validate(p, cat, today=TODAY)}
    uppsala.partners[-1].phone = "070-17 406 07"  # only the area's sign lists it
    assert fingerprint_of(p, uppsala, cat, TODAY) == uppsala.sign.printed
    assert [f.path for f in validate(p, cat, today=TODAY) if f.code == "signs_out_of_date"] == ["sign.printed"]
