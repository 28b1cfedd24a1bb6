"""The caretaker's list and marking per entrance (``huskurage entrances``, ``mark --entrance``; ``wizard/entrances.py``).

The list names the entrances still to do, as a table or as CSV that Excel
opens and the import and ``mark --entrances-from`` read back; marking writes
the buildings file only, and the municipality's signs up follow.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from support import snapshot_files, typed_demo
from wizard import catalog, cli, entrances, model, schedule, store

from wizard.model import Building, Entrance

TODAY = dt.date.today()


@pytest.fixture
def root(tmp_path) -> Path:
    root = tmp_path / "p"
    store.init(root, typed_demo())
    s = store.open(root)
    uppsala = s.portfolio.cities["0380"]
    uppsala.buildings = [
        Building("U-101", "Luthagen", address="Sysslomansgatan 7", entrances=[
            Entrance("A", apartments=12, sign_placed=dt.date(2026, 5, 4), inspected=dt.date(2020, 1, 1)),
            Entrance("B", apartments=9, sign_placed=dt.date(2026, 5, 4), inspected=TODAY),
        ]),
        Building("U-102", "Gottsunda", address='=HYPERLINK("http://x")', entrances=[Entrance("", apartments=30)]),
    ]
    uppsala.count_buildings()
    s.save()
    return root


def _run(capsys, *args) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_list_shows_what_is_still_to_do_by_area_and_what(root, capsys):
    code, out, _ = _run(capsys, "entrances", root, "--city", "uppsala", "--missing", "sign")
    assert code == 0
    assert "U-102" in out and "U-101" not in out and out.rstrip().endswith("1 port.")
    _, out, _ = _run(capsys, "entrances", root, "--missing", "inspection")
    lines = [line for line in out.splitlines() if "U-10" in line]
    assert len(lines) == 1 and "Sysslomansgatan 7" in lines[0] and "2020-01-01" in lines[0]  # A: too long ago; B: today
    _, out, _ = _run(capsys, "entrances", root, "--area", "luthagen")
    assert "U-101" in out and "U-102" not in out
    _, out, _ = _run(capsys, "entrances", root, "--city", "göteborg")
    assert "Inga portar att visa." in out  # a municipality without buildings has none to list


def test_the_csv_opens_in_excel_as_text_and_reads_back_into_mark(root, tmp_path, capsys):
    code, out, _ = _run(capsys, "entrances", root, "--city", "uppsala", "--missing", "sign", "--csv")
    assert code == 0
    assert out.startswith("\ufeffKommun;Område;Fastighet;Adress;Port;")
    assert "'=HYPERLINK" in out  # Excel shows it as text, never runs it
    listing = tmp_path / "lista.csv"
    listing.write_text(out, encoding="utf-8", newline="")
    before = snapshot_files(root)
    code, out, err = _run(capsys, "mark", root, "uppsala", "place_signs", "done", "--on", "2026-12-01", "--entrances-from", listing)
    assert code == 0, err
    assert "1 av 1 portar" in out and "Skyltar uppe: 3 av 3 portar" in out
    after = snapshot_files(root)
    assert {k for k in after if after[k] != before.get(k)} == {
        "cities/0380-uppsala/buildings.toml", "cities/0380-uppsala/buildings.toml.bak"
    }
    uppsala = store.open(root).portfolio.cities["0380"]
    assert uppsala.buildings[1].entrances[0].sign_placed == dt.date(2026, 12, 1)
    assert uppsala.buildings[1].address == '=HYPERLINK("http://x")'  # read back as it was
    # the list read back by the import changes nothing
    code, out, _ = _run(capsys, "import", root, listing)
    assert code == 0 and "Inget att ändra" in out


def test_marking_entrances_by_name_and_clearing_them(root, capsys):
    code, out, _ = _run(capsys, "mark", root, "uppsala", "inform_tenants", "done", "--entrance", "U-101/A", "--entrance", "U-102", "--on", "2026-11-30")
    assert code == 0 and "2 av 2 portar" in out
    city = store.open(root).portfolio.cities["0380"]
    assert [e.letter_delivered for b in city.buildings for e in b.entrances] == [dt.date(2026, 11, 30), None, dt.date(2026, 11, 30)]
    assert city.progress.get("inform_tenants") is None or city.status_of("inform_tenants") != "done"  # the checklist is not changed
    code, _, _ = _run(capsys, "mark", root, "uppsala", "place_signs", "todo", "--entrance", "U-101/B")
    assert code == 0 and store.open(root).portfolio.cities["0380"].signs_up == 1


@pytest.mark.parametrize(
    "args, words",
    [
        (["uppsala", "place_signs", "done", "--entrance", "U-101/C"], "Porten U-101/C finns inte i Uppsala"),
        (["uppsala", "train_staff", "done", "--entrance", "U-101/A"], "place_signs, inform_tenants, sign_inspection"),
        (["goteborg", "place_signs", "done", "--entrance", "G-1"], "Göteborg har inga fastigheter inlästa"),
    ],
)
def test_a_wrong_entrance_or_item_is_refused_and_nothing_is_written(root, capsys, args, words):
    before = snapshot_files(root)
    code, _, err = _run(capsys, "mark", root, *args)
    assert code == 2 and words in err
    assert snapshot_files(root) == before


def test_status_json_carries_areas_and_buildings_and_a_city_without_has_empty_lists(root, capsys):
    import json

    code, out, _ = _run(capsys, "status", root, "--json")
    assert code == 0
    cities = {c["code"]: c for c in json.loads(out)["cities"]}
    uppsala = cities["0380"]
    assert uppsala["entrances"] == 3 and uppsala["signs_up"] == 2  # counted from the entrances
    assert uppsala["areas"] == [
        {"name": "Luthagen", "buildings": 1, "entrances": 2, "apartments": 21, "signs_up": 2},
        {"name": "Gottsunda", "buildings": 1, "entrances": 1, "apartments": 30, "signs_up": 0},
    ]
    first = uppsala["buildings"][0]
    assert (first["id"], first["address"], first["apartments"]) == ("U-101", "Sysslomansgatan 7", 21)
    assert first["entrances"][0] == {"label": "A", "address": "", "apartments": 12, "sign_placed": "2026-05-04",
                                     "inspected": "2020-01-01", "printed": "", "letter_delivered": None}
    assert cities["1480"]["areas"] == [] and cities["1480"]["buildings"] == []


def test_the_yearly_figures_count_the_signs_placed_by_the_end_of_that_year(root):
    from wizard.key_figures import as_of

    uppsala = store.open(root).portfolio.cities["0380"]
    assert as_of(uppsala, dt.date(2025, 12, 31)).signs_up == 0
    assert as_of(uppsala, dt.date(2026, 12, 31)).signs_up == 2


def test_check_names_a_hand_edited_register_s_mistakes_in_the_buildings_file(root, capsys):
    path = root / "cities" / "0380-uppsala" / "buildings.toml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('{ label = "B", apartments = 9,', '{ label = "A", apartments = -9,').replace('id = "U-102"', 'id = "U-101"')
    text += '\n[[buildings]]\nid = ""\nentrances = [{ label = "1", apartments = 3, sign_placed = 2099-01-01 }]\n'
    path.write_text(text, encoding="utf-8")
    code, out, _ = _run(capsys, "check", root)
    assert code == 1
    f = "cities/0380-uppsala/buildings.toml"
    assert f"{f}: buildings[0].entrances[1].label" in out and "har porten A flera gånger" in out
    assert f"{f}: buildings[0].entrances[1].apartments" in out
    assert f"{f}: buildings[1].id" in out and "Fastigheten U-101 finns flera gånger" in out
    assert f"{f}: buildings[2].id" in out and f"{f}: buildings[2].entrances[0].sign_placed" in out


def test_check_names_case_data_typed_into_the_buildings_file_and_no_address_there(root, capsys):
    code, out, _ = _run(capsys, "check", root)
    assert "case_data" not in out and "ärende" not in out  # Sysslomansgatan 7 is the landlord's stock
    path = root / "cities" / "0380-uppsala" / "buildings.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('label = "B"', 'label = "B, misshandel lgh 1203"'), encoding="utf-8")
    code, out, _ = _run(capsys, "check", root)
    assert code == 1
    assert "cities/0380-uppsala/buildings.toml: buildings[0].entrances[1].label" in out and "enskilt ärende" in out
    code, _, err = _run(capsys, "export", root, "--out", root.parent / "out", "--force")
    assert code != 0  # nothing leaves while it is there


def test_a_sign_placed_records_which_printed_sign_hangs_there_and_taking_it_down_forgets_it(root, capsys):
    s = store.open(root)
    s.portfolio.cities["0380"].sign.printed = "3f9a1c2e5b7d0a11"  # as `mark … print_signs done` keeps it
    s.save()
    code, _, _ = _run(capsys, "mark", root, "uppsala", "place_signs", "done", "--entrance", "U-102", "--on", "2026-11-30")
    assert code == 0
    text = (root / "cities" / "0380-uppsala" / "buildings.toml").read_text(encoding="utf-8")
    assert 'printed = "3f9a1c2e5b7d0a11"' in text and text.count("printed = ") == 1  # only the entrance marked
    code, _, _ = _run(capsys, "mark", root, "uppsala", "place_signs", "todo", "--entrance", "U-102")
    assert code == 0
    assert [e.printed for b in store.open(root).portfolio.cities["0380"].buildings for e in b.entrances] == ["", "", ""]


def test_a_sign_placed_in_an_area_with_its_own_sign_records_the_area_signs_fingerprint(root, capsys):
    """Gottsunda has a partner of its own, so its sign is not Uppsala's (README "Partners of an area"): an entrance
    there records the Gottsunda sign's fingerprint, kept when the signs were marked printed; Luthagen's, Uppsala's."""
    from wizard.documents.sign import fingerprint_of
    from wizard.model import Partner

    s = store.open(root)
    s.portfolio.cities["0380"].partners.append(
        Partner("police", "Polisen, lokalpolisområde Gottsunda", "070-17 406 09", "Vardagar 09–17", area="Gottsunda")
    )
    s.save()
    code, _, _ = _run(capsys, "mark", root, "uppsala", "print_signs", "done", "--on", "2026-11-30")
    assert code == 0
    portfolio = store.open(root).portfolio
    uppsala = portfolio.cities["0380"]
    from wizard import catalog

    day = dt.date(2026, 11, 30)
    own = fingerprint_of(portfolio, uppsala, catalog.load(), day)
    gottsunda = fingerprint_of(portfolio, uppsala.for_area("Gottsunda"), catalog.load(), day)
    assert own != gottsunda  # two signs, two texts
    assert uppsala.sign.printed == own and uppsala.sign.printed_areas == {"Gottsunda": gottsunda}
    assert f'[sign.printed_areas]\nGottsunda = "{gottsunda}"' in (root / "cities" / "0380-uppsala.toml").read_text(encoding="utf-8")

    for entrance in ("U-102", "U-101/A"):  # Gottsunda's, then Luthagen's (its sign was up: down and up again)
        _run(capsys, "mark", root, "uppsala", "place_signs", "todo", "--entrance", entrance)
        code, _, _ = _run(capsys, "mark", root, "uppsala", "place_signs", "done", "--entrance", entrance, "--on", "2026-11-30")
        assert code == 0
    placed = {f"{b.id}/{e.label}": e.printed for b in store.open(root).portfolio.cities["0380"].buildings for e in b.entrances}
    assert placed == {"U-101/A": own, "U-101/B": "", "U-102/": gottsunda}


# ------------------------------------------------------------------ the demo's own register


def test_the_demos_register_adds_up_to_its_story_and_gives_the_caretaker_uppsalas_56(demo_dir, capsys):
    """The demo's buildings count to the figures its story, documents and tests cite; its dates follow the checklist."""
    import csv
    import io

    code, out, _ = _run(capsys, "check", demo_dir)
    assert code == 0 and "Inga fynd" in out
    portfolio = store.open(demo_dir).portfolio
    assert {c.name: (c.entrances, c.apartments, c.signs_up) for c in portfolio.cities.values()} == {
        "Stockholm": (160, 2400, 160), "Göteborg": (210, 3100, 210), "Uppsala": (90, 1200, 34)
    }
    for city in portfolio.cities.values():
        assert (demo_dir / "cities" / f"{city.code}-{model.slug(city.name)}" / "buildings.toml").is_file()
        assert all(2 <= len(b.entrances) <= 6 for b in city.buildings)
        assert all(10 <= e.apartments <= 20 for b in city.buildings for e in b.entrances)
        placed = [e.sign_placed for b in city.buildings for e in b.entrances if e.sign_placed]
        assert min(placed) >= city.progress["print_signs"].date and max(placed) <= city.progress["place_signs"].date
        letters = [e.letter_delivered for b in city.buildings for e in b.entrances if e.letter_delivered]
        informed = city.progress.get("inform_tenants")
        assert (len(letters), max(letters, default=None)) == (
            (city.entrances, informed.date) if informed and informed.status == "done" else (0, None)
        )
    assert sorted({b.area for b in portfolio.cities["0180"].buildings}) == ["Kungsholmen", "Vasastan", "Östermalm"]

    code, out, _ = _run(capsys, "entrances", demo_dir, "--city", "Uppsala", "--missing", "sign", "--csv")
    listed = [(r["Fastighet"], r["Port"]) for r in csv.DictReader(io.StringIO(out.removeprefix("\ufeff")), delimiter=";")]
    uppsala = portfolio.cities["0380"]
    assert listed == [(b.id, e.label) for b in uppsala.buildings for e in b.entrances if e.sign_placed is None]
    assert len(listed) == 56 and listed[0] == ("U-111", "A")  # the round goes on where the caretaker stopped
    signed = sorted(e.sign_placed for b in uppsala.buildings for e in b.entrances if e.sign_placed)
    assert len(signed) == 34 and (signed[0], signed[-1]) == (dt.date(2026, 10, 28), dt.date(2026, 11, 9))
    _, out, _ = _run(capsys, "entrances", demo_dir, "--city", "Uppsala", "--missing", "sign")
    assert out.rstrip().endswith("56 portar.")

    # Stockholm's quality review: Vasastan and Kungsholmen inspected, Östermalm's round still to do (and overdue).
    code, out, _ = _run(capsys, "entrances", demo_dir, "--city", "Stockholm", "--missing", "inspection", "--csv")
    areas = [r["Område"] for r in csv.DictReader(io.StringIO(out.removeprefix("\ufeff")), delimiter=";")]
    assert set(areas) == {"Östermalm"} and len(areas) == len(entrances.places([portfolio.cities["0180"]], area="Östermalm"))
    late = schedule.overdue(portfolio.cities["0180"], portfolio.settings, catalog.load().cadences, dt.date(2026, 12, 7))
    assert [e.area for e in late if e.cadence_id == "sign_inspection"] == ["Östermalm"]
