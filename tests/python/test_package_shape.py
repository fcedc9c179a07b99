"""The package's shape: constants come from the core (not retyped), and its modules import
each other without a cycle, each importable alone in a fresh interpreter."""

import ast
import pathlib
import subprocess
import sys

import pytest

import clientele
from clientele import _analytics, _core, _records

PACKAGE = pathlib.Path(clientele.__file__).parent
MODULES = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")


def test_constants_are_the_core_s():
    assert clientele.MERGE_RULES == tuple(_core.merge_rules)
    assert clientele.MERGE_RULE_FIELDS == tuple(_core.merge_rule_fields)
    assert clientele.POINTS_KINDS == tuple(_core.points_kinds)
    assert clientele.LIFECYCLE_STAGES == tuple(_core.lifecycle_stages)
    assert _analytics._VALUE_TIERS == list(_core.value_tiers)
    assert _analytics._UNITS_PER_SECOND == dict(_core.time_units)
    # ErrorCode stays a Python enum (typing, pickling); its members are the core's codes.
    assert {c.name.lower(): c.value for c in clientele.ErrorCode} == dict(_core.error_codes)


def test_the_core_accepts_every_constant_and_nothing_else(tmp_path):
    # The names are the core's: each is accepted where it is used, a made-up one is not.
    with clientele.Database(tmp_path / "c.db", create=True) as db:
        a = db.create_customer(display_name="A", emails=[{"address": "a@example.com"}])
        b = db.create_customer(display_name="A", emails=[{"address": "a@example.com"}])
        for field in clientele.MERGE_RULE_FIELDS:
            for rule in clientele.MERGE_RULES:
                if rule != "combine":  # combine is for notes and custom only
                    db.merge([a, b], survivor=a, dry_run=True, rules={field: rule})
        db.merge([a, b], survivor=a, dry_run=True, rules={"notes": "combine"})
        with pytest.raises(clientele.InvalidInputError):
            db.merge([a, b], survivor=a, dry_run=True, rules={"favourite_colour": "survivor"})
        for kind in clientele.POINTS_KINDS:
            points = -1 if kind in ("redeem", "expire") else 1
            if kind != "earn":
                db.record_points(a, kind="earn", points=5)
            db.record_points(a, kind=kind, points=points)
        with pytest.raises(clientele.InvalidInputError):
            db.record_points(a, kind="gift", points=1)


def test_record_schemas_name_the_fields_the_core_writes(tmp_path):
    # Every key of a fully filled record is a schema column, and every schema column is
    # one the core writes: the DataFrame conversion cannot drift from the JSON form.
    with clientele.Database(tmp_path / "c.db", create=True) as db:
        c = db.create_customer(
            external_id="x1", kind="person", given_name="伟", family_name="张", company_name="Co", job_title="CEO",
            emails=[{"address": "a@example.com"}], phones=[{"number": "13812345678"}],
            addresses=[{"city": "北京"}], birthday="1990-01-02", gender="male", source="web", owner="admin",
            tags=["vip"], membership_level="gold", preferred_language="zh-CN", custom={"k": 1}, notes="n",
            last_verified_at="2024-01-01",
            consent={"email": {"status": "granted"}})
        i = db.add_interaction(customer=c, kind="purchase", occurred_at="2024-01-05", external_id="i1",
                               channel="web", direction="inbound", owner="admin", amount_minor=100, currency="CNY",
                               subject="s", body="b", csat=5, nps=9, custom={"k": 1}, due_at="2024-02-01")
        p = db.add_points(c, 5, "r", reference="ref")
        u = db.get_user("admin")
    for kind, record in (("customer", c), ("interaction", i), ("points", p), ("user", u)):
        assert set(record) <= set(_records._SCHEMAS[kind].columns), kind
    assert set(c) == set(_records._SCHEMAS["customer"].columns)
    # The columns are the core's own lists, not copies of them (json/record_keys.hpp).
    for kind in ("interaction", "points", "user"):
        assert list(_records._SCHEMAS[kind].columns) == clientele._core.record_json_keys[kind], kind
    assert list(db_frame_columns(tmp_path)) == clientele._core.record_json_keys["interaction"]


def db_frame_columns(tmp_path):
    """The columns of an interaction DataFrame of a store with one sparse interaction."""
    with clientele.Database(tmp_path / "d.db", create=True) as db:
        c = db.create_customer(given_name="A")
        db.add_interaction(customer=c, kind="call", occurred_at="2024-01-05")
        return db.list_interactions().to_pandas().columns


def _imports(module: str) -> set[str]:
    """The package modules `module` imports, at the top or inside functions."""
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                out.add(node.module)
            else:
                out.update(a.name for a in node.names)
    return out & set(MODULES)


def test_the_import_graph_has_no_cycle():
    graph = {m: _imports(m) for m in MODULES}
    done: set[str] = set()

    def visit(m: str, path: list[str]) -> None:
        assert m not in path, f"import cycle: {' -> '.join(path + [m])}"
        if m in done:
            return
        for n in sorted(graph[m]):
            visit(n, path + [m])
        done.add(m)

    for m in MODULES:
        visit(m, [])


@pytest.mark.parametrize("module", MODULES)
def test_each_module_imports_alone(module):
    r = subprocess.run([sys.executable, "-c", f"import clientele.{module}"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
