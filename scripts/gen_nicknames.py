#!/usr/bin/env python3
"""Writes scripts/data/nicknames.csv: the nicknames the sample generator gives its given names.

Source: names.csv of the PyPI package `nicknames` 1.0.1 (Carlton Northern, Nick Crews and
contributors, https://github.com/carltonnorthern/nicknames, Apache License 2.0, a copy in
scripts/data/LICENSE-nicknames.txt), a hand-curated list of English given names and their
nicknames and diminutives. It is not the matcher's table (src/dedupe/records.cpp), so
duplicates made with it test the matcher instead of repeating it. Only the rows whose name
is a Western given name the generator draws are kept, unchanged.

    pip download --no-deps nicknames==1.0.1 && unzip nicknames-1.0.1-py3-none-any.whl
    python scripts/gen_nicknames.py nicknames/names.csv
"""

from __future__ import annotations

import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import generate_sample as gs  # noqa: E402

OUT = os.path.join(HERE, "data", "nicknames.csv")
HEADER = """\
# Rows of names.csv from the PyPI package nicknames 1.0.1 (https://github.com/carltonnorthern/nicknames),
# Copyright Carlton Northern, Nick Crews and contributors, Apache License 2.0 (LICENSE-nicknames.txt).
# Kept: the rows whose name1 is a Western given name scripts/generate_sample.py draws. Written by
# scripts/gen_nicknames.py; do not edit by hand.
"""


def drawn_names() -> set[str]:
    """Every Western given name the generator draws (the ones a duplicate may shorten), in
    the key form of the nickname table."""
    names = set()
    for by_sex in gs.WEST_NAMES.values():
        for pool in by_sex.values():
            names.update(gs.nickname_key(n) for n in pool)
    return names


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    wanted = drawn_names()
    with open(argv[1], newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    kept = sorted(r for r in body if r[0] in wanted and r[1] == "has_nickname")
    with open(OUT, "w", newline="", encoding="utf-8") as f:
        f.write(HEADER)
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(kept)
    print(f"{len(kept)} rows for {len({r[0] for r in kept})} of {len(wanted)} names -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
