"""The loyalty program from Python (docs/loyalty.md): rules as dicts, their errors, earning on
added and imported purchases (once), refunds, lots, expiry, past balances, levels, voids."""
from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

import clientele

RULES = {
    "earn": {"currency": "CNY", "points_per_unit": 1, "rounding": "floor"},
    "multipliers": {"levels": {"金卡": 2}},
    "expiry": {"months": 12},
    "levels": {"basis": "spend", "window_months": 12, "review": "01-01",
               "tiers": [{"name": "普通", "min": 0}, {"name": "银卡", "min": 100000}, {"name": "金卡", "min": 500000}]},
}


@pytest.fixture
def shop(db):
    db.create_customer(family_name="王", given_name="芳", external_id="C1")
    db.create_customer(family_name="李", given_name="雷", external_id="C2")
    return db


def test_rules_round_trip_and_bad_rules_name_the_field(shop):
    assert shop.loyalty_rules() == {}
    shop.set_loyalty_rules(RULES)
    assert shop.loyalty_rules() == RULES
    with pytest.raises(clientele.InvalidInputError) as e:
        shop.set_loyalty_rules({"multipliers": {"levels": {"金卡": -1}}})
    assert e.value.field == "multipliers.levels.金卡"
    with pytest.raises(clientele.InvalidInputError) as e:
        shop.set_loyalty_rules({"campaigns": [{"from": "2026-11-01", "to": "2026-11-11", "multiplier": 2},
                                              {"from": "2026-11-05", "to": "2026-11-06", "multiplier": 2}]})
    assert e.value.field == "campaigns[1].from"
    with pytest.raises(clientele.InvalidInputError):
        shop.set_loyalty_rules("{not json")
    assert shop.loyalty_rules() == RULES  # nothing written


def test_import_earns_once_and_a_refund_takes_back(shop, tmp_path):
    shop.set_loyalty_rules(RULES)
    orders = tmp_path / "orders.csv"
    orders.write_text("external_id,customer_id,timestamp,amount,kind,purchase\n"
                      "O1,C1,2026-03-01T10:00:00Z,300.00,purchase,\n"
                      "O2,C1,2026-03-05T10:00:00Z,100.00,refund,O1\n"
                      "O3,C2,2026-03-01T10:00:00Z,99.99,purchase,\n", encoding="utf-8")
    for _ in range(2):
        shop.import_csv(orders, "interactions")
        assert shop.points_balance("C1") == 200
        assert shop.points_balance("C2") == 99
    kinds = [(e["kind"], e["points"]) for e in shop.points_history("C1")]
    assert kinds == [("adjust", -100), ("earn", 300)]


def test_lots_expiry_and_past_balance(shop):
    shop.set_loyalty_rules({"expiry": {"months": 12}})
    shop.add_points("C1", 100, at="2025-01-10")
    shop.add_points("C1", 50, at=dt.datetime(2025, 3, 10, tzinfo=dt.timezone.utc))
    shop.redeem_points("C1", 120, at="2025-04-01")
    lots = shop.points_lots("C1")
    assert [(lot["points"], lot["remaining"]) for lot in lots] == [(100, 0), (50, 30)]
    assert lots[1]["expires_at"] == "2026-03-10T00:00:00Z"
    assert [lot["remaining"] for lot in shop.points_lots("C1", as_of="2025-03-31")] == [100, 50]
    assert shop.expire_points_due(as_of=dt.date(2026, 6, 1)) == {"customers": 1, "entries": 1, "points": 30}
    assert shop.expire_points_due(as_of="2026-06-01")["entries"] == 0
    assert shop.points_balance_at("C1", "2026-03-09") == 30
    assert shop.points_balance_at("C1", "2026-03-10") == 0
    # A back-dated redemption must fit the balance at its date and after.
    with pytest.raises(clientele.InvalidInputError) as e:
        shop.redeem_points("C1", 40, at="2025-03-15")
    assert e.value.field == "points"


def test_levels_and_history(shop):
    shop.set_loyalty_rules(RULES)
    shop.add_interaction(customer_external_id="C1", kind="purchase", amount_minor=600000,
                         occurred_at="2026-02-01T00:00:00Z")
    changes = shop.evaluate_levels(as_of="2026-03-01")
    assert sorted((c["from"], c["to"]) for c in changes) == [("", "普通"), ("", "金卡")]
    assert shop.evaluate_levels(as_of="2026-03-01") == []
    assert shop.get_customer("C1")["membership_level"] == "金卡"
    history = shop.level_history("C1")
    assert [(h["to"], h["basis_value"]) for h in history] == [("金卡", 600000)]
    # 金卡 earns double.
    shop.add_interaction(customer_external_id="C1", kind="purchase", amount_minor=1000,
                         occurred_at="2026-03-02T00:00:00Z")
    assert shop.points_history("C1", limit=1)[0]["points"] == 20


def test_void(shop, db_path):
    earned = shop.add_points("C1", 10)
    voided = shop.void_points(earned["id"], "wrong customer")
    assert voided["voids"] == earned["id"] and voided["points"] == -10
    assert shop.points_balance("C1") == 0
    with pytest.raises(clientele.InvalidInputError) as e:
        shop.void_points(earned["id"])
    assert e.value.field == "entry"
    with pytest.raises(clientele.NotFoundError):
        shop.void_points(424242)
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        assert con.execute("SELECT count(*) FROM customer_points").fetchone() == (2,)
    finally:
        con.close()


def test_a_level_change_moves_the_version(shop):
    shop.set_loyalty_rules(RULES)
    before = shop.get_customer("C1")
    shop.evaluate_levels(as_of="2026-03-01")
    after = shop.get_customer("C1")
    assert after["membership_level"] == "普通" and after["version"] == before["version"] + 1
    with pytest.raises(clientele.ConflictError):  # an edit from the record read before
        shop.update_customer("C1", {"notes": "x"}, expected_version=before["version"])


def test_points_in_stats_and_export(shop, tmp_path):
    shop.set_loyalty_rules({"expiry": {"months": 12}})
    now = dt.datetime.now(dt.timezone.utc)
    shop.add_points("C1", 100, at=now - dt.timedelta(days=360))  # lapses within 30 days
    shop.add_points("C2", 50, at=now - dt.timedelta(days=30))
    shop.redeem_points("C1", 30, at=now - dt.timedelta(days=1))
    stats = shop.stats()
    assert (stats["points_outstanding"], stats["points_expiring_30d"]) == (120, 70)
    lines = shop.export(format="jsonl").splitlines()
    import json
    assert sorted(json.loads(line)["points_balance"] for line in lines) == [50, 70]
    csv_text = shop.export()
    header, *rows = csv_text.splitlines()
    column = header.split(",").index("points_balance")
    assert sorted(int(r.split(",")[column]) for r in rows) == [50, 70]
    # Read back: the balance column is read past (no custom field, no points).
    path = tmp_path / "c.csv"
    path.write_text(csv_text, encoding="utf-8")
    fresh = clientele.Database(tmp_path / "fresh.db", create=True)
    fresh.import_csv(path, "customers")
    assert "points_balance" not in fresh.get_customer("C1").get("custom", {})
    assert fresh.points_balance("C1") == 0
