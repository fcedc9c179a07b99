"""The generators' name variants come from a credited public list, not from the matcher.

A duplicate made with the matcher's own nickname table can only be found, so the quality
of the multilingual sets would partly grade itself. Standard library and pytest only.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "scripts" / "data"
sys.path.insert(0, str(REPO / "scripts"))
import generate_sample as gs  # noqa: E402


def matcher_nicknames() -> dict:
    """nickname -> canonical name, as src/dedupe/records.cpp's nicknames() table holds it."""
    src = (REPO / "src" / "dedupe" / "records.cpp").read_text(encoding="utf-8")
    body = re.search(r"nicknames\(\) \{(.*?)\n\}", src, re.S)
    assert body, "the matcher's nickname table moved: point this test at its new home"
    return dict(re.findall(r'\{"([a-z]+)", "([a-z]+)"\}', body.group(1)))


def test_the_list_is_credited_with_its_licence():
    head = (DATA / "nicknames.csv").read_text(encoding="utf-8").split("\n")[:4]
    assert any("github.com/carltonnorthern/nicknames" in line for line in head)
    assert any("Apache License 2.0" in line for line in head)
    assert "Apache License" in (DATA / "LICENSE-nicknames.txt").read_text(encoding="utf-8")


def test_the_generator_draws_nicknames_from_the_list():
    rows = [line for line in (DATA / "nicknames.csv").read_text(encoding="utf-8").splitlines()
            if not line.startswith("#")]
    listed = {}
    for name, relation, nickname in list(csv.reader(rows))[1:]:
        assert relation == "has_nickname"
        listed.setdefault(name, []).append(nickname)
    assert gs.NICKNAMES == listed
    # Every listed name is one the generator draws (scripts/gen_nicknames.py keeps no others).
    drawn = {gs.nickname_key(n) for by_sex in gs.WEST_NAMES.values() for pool in by_sex.values() for n in pool}
    assert set(listed) <= drawn


def test_the_generator_is_not_the_matchers_table():
    canonical = matcher_nicknames()
    assert len(canonical) > 50
    pairs = [(name.lower(), nick.lower()) for name, nicks in gs.NICKNAMES.items() for nick in nicks]
    unknown = [p for p in pairs if canonical.get(p[0], p[0]) != canonical.get(p[1], p[1])]
    # A copy of the matcher's table would leave none; the public list has many it lacks.
    assert len(unknown) > len(pairs) // 4, unknown


def test_a_duplicate_takes_its_nickname_from_the_list():
    gen = gs.Generator(3, 50, 0, gs.dt.date(2026, 10, 31), 0.2)
    rng = gs.Rng(3, "nickname-test")
    rec = {"given": "Margaret", "family": "Smith", "region": "GB"}
    seen = set()
    for _ in range(200):
        copy = dict(rec)
        gen.vary_name(rng, copy, "nickname")
        seen.add(copy["given"])
    assert seen <= {n.capitalize() for n in gs.NICKNAMES["margaret"]}
    assert len(seen) > 5   # the whole list is drawn from, not one favourite
