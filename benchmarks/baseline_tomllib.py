"""Baseline: what it costs to parse a portfolio's files with bare ``tomllib``, whole process.

    python benchmarks/baseline_tomllib.py DIR

Reads ``DIR/huskurage.toml``, every ``DIR/cities/*.toml`` and every buildings file and keeps the
parsed tables (any loader has to hold what it read), then exits. No model, no
validation, no catalog: the floor that ``huskurage check`` is measured against.
"""

import os
import sys
import tomllib

root = sys.argv[1]
cities = os.path.join(root, "cities")
paths = [os.path.join(root, "huskurage.toml")]
paths += [os.path.join(cities, n) for n in sorted(os.listdir(cities)) if n.endswith(".toml")]
# the municipalities' buildings files (cities/<code>-<slug>/buildings.toml), where there are any
paths += [os.path.join(cities, n, "buildings.toml") for n in sorted(os.listdir(cities)) if os.path.isfile(os.path.join(cities, n, "buildings.toml"))]
parsed = []
for path in paths:
    with open(path, "rb") as f:
        parsed.append(tomllib.load(f))
