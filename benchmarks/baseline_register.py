"""Baseline: a property register parsed bare and written as buildings files with tomlkit, whole process.

    python benchmarks/baseline_register.py FILE OUT

Reads FILE (a ``;`` CSV with a BOM, as ``generate.py --register`` writes it,
with the csv module; or an ``.xlsx`` with python-calamine), groups the rows by
municipality and building, and writes one TOML file per municipality into OUT
with tomlkit: no header recognition, no checks, no merge, no verification.
The floor that ``huskurage import`` is measured against.
"""

import csv
import os
import sys

import tomlkit

path, out = sys.argv[1], sys.argv[2]
if path.endswith(".xlsx"):
    from python_calamine import CalamineWorkbook

    rows = [[str(int(c)) if isinstance(c, float) else str(c) for c in r] for r in CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()]
else:
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
cities: dict[str, dict[str, list[list[str]]]] = {}
for row in rows[1:]:
    cities.setdefault(row[0], {}).setdefault(row[2], []).append(row)
os.makedirs(out, exist_ok=True)
for code, buildings in cities.items():
    doc = tomlkit.document()
    doc["schema"] = 1
    doc["code"] = code
    tables = tomlkit.aot()
    for building, entrances in buildings.items():
        table = tomlkit.table()
        table["id"] = building
        table["area"] = entrances[0][1]
        table["address"] = entrances[0][3]
        array = tomlkit.array()
        for e in entrances:
            inline = tomlkit.inline_table()
            inline.update({"label": e[4], "apartments": int(e[5])})
            array.append(inline)
        table["entrances"] = array.multiline(True)
        tables.append(table)
    doc["buildings"] = tables
    with open(os.path.join(out, f"{code}.toml"), "w", encoding="utf-8") as f:
        f.write(tomlkit.dumps(doc))
