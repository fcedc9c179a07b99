"""db.merge / db.unmerge / db.merges (docs/merge.md): the Python face of the merge."""
from __future__ import annotations

import sqlite3

import pytest

import clientele


def dump(path) -> list:
    """Every row of every table but the lineage's (and the FTS index by its documents)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'customer_search%' "
            "AND name NOT LIKE 'sqlite_%' AND name NOT IN ('merges', 'merge_members', 'audit_log', 'audit_state') ORDER BY name")]
        out = [(t, sorted(map(repr, con.execute(f"SELECT * FROM {t}")))) for t in tables]
        out.append(("search", sorted(map(repr, con.execute("SELECT rowid, doc FROM customer_search")))))
        return out
    finally:
        con.close()


@pytest.fixture
def pair(db):
    db.add_user({"username": "li.na", "role": "sales", "team": "east"})
    db.add_user({"username": "vic", "role": "viewer"})
    a = db.create_customer(family_name="张", given_name="伟", external_id="SHOP-1", owner="li.na",
                           emails=[{"address": "Zhang.Wei@Example.com"}], phones=[{"number": "138-1234-5678"}],
                           tags=["vip"])
    b = db.create_customer(family_name="张", given_name="伟", external_id="WECHAT-9", owner="li.na",
                           emails=[{"address": "zhang.wei@example.com"}], phones=[{"number": "+86 13812345678"}],
                           birthday="1988-04-12", tags=["wechat"])
    db.add_interaction(customer=b, kind="purchase", occurred_at="2024-03-01T10:00:00Z", amount_minor=990)
    return a, b


def test_merge_then_unmerge_restores_everything(db, db_path, pair):
    a, b = pair
    before = dump(db_path)
    r = db.merge([a, b], survivor=a)
    assert r["dry_run"] is False and r["merge_id"]
    s = r["survivor"]
    assert s["id"] == a["id"]
    assert len(s["emails"]) == 1 and len(s["phones"]) == 1
    assert s["tags"] == ["vip", "wechat"] and s["birthday"] == "1988-04-12"
    assert {m["kind"] for m in r["moved"]} >= {"email", "phone", "tag", "interaction"}
    assert db.get_customer("WECHAT-9")["id"] == a["id"]
    assert db.count_interactions(customer=a) == 1
    [listed] = db.merges()
    assert listed["id"] == r["merge_id"] and listed["merged"] == [b["id"]] and listed["status"] == "applied"
    assert db.merges(customer="WECHAT-9")[0]["id"] == r["merge_id"]

    undone = db.unmerge(b["id"])
    assert undone["status"] == "undone" and undone["undone_by"] == "admin"
    assert dump(db_path) == before
    assert db.merges(status="undone")[0]["id"] == r["merge_id"]


def test_dry_run_writes_nothing(db, db_path, pair):
    a, b = pair
    before = dump(db_path)
    r = db.merge([a["id"], b["id"]], dry_run=True, rules={"name": "most_recent"})
    assert r["dry_run"] is True and r["merge_id"] is None  # the documented keys; nothing written
    assert [c["id"] for c in r["merged"]] != [r["survivor"]["id"]]
    assert dump(db_path) == before
    assert db.merges() == []


@pytest.mark.parametrize("call, error", [
    (lambda db, a, b: db.merge([a["id"], "no-such-id"]), clientele.NotFoundError),
    (lambda db, a, b: db.merge([a["id"], a["id"]]), clientele.InvalidInputError),
    (lambda db, a, b: db.merge([a["id"], "SHOP-1"]), clientele.InvalidInputError),
    (lambda db, a, b: db.merge([a["id"]]), clientele.InvalidInputError),
    (lambda db, a, b: db.merge([a, b], rules={"shoe": "survivor"}), clientele.InvalidInputError),
    (lambda db, a, b: db.merge([a, b], rules={"birthday": "loudest"}), clientele.InvalidInputError),
    (lambda db, a, b: db.unmerge(a), clientele.NotFoundError),
    (lambda db, a, b: db.unmerge("nothing-like-it"), clientele.NotFoundError),
])
def test_bad_input_changes_nothing(db, db_path, pair, call, error):
    a, b = pair
    before = dump(db_path)
    with pytest.raises(error):
        call(db, a, b)
    assert dump(db_path) == before
    assert db.merges() == []


def test_unmerge_of_a_never_merged_customer_says_so(db, pair):
    with pytest.raises(clientele.NotFoundError, match="was not merged"):
        db.unmerge(pair[0])


def test_already_merged_and_double_undo(db, db_path, pair):
    a, b = pair
    c = db.create_customer(family_name="王", given_name="芳")
    r = db.merge([a, b], survivor=a)
    state = dump(db_path)
    with pytest.raises(clientele.ConflictError, match="already merged"):
        db.merge([b, c])
    assert dump(db_path) == state
    db.unmerge(r["merge_id"])
    with pytest.raises(clientele.ConflictError, match="already undone"):
        db.unmerge(r["merge_id"])


def test_roles(db, db_path, pair):
    a, b = pair
    other = db.create_customer(family_name="王", given_name="芳")  # the admin's, not li.na's
    before = dump(db_path)
    with clientele.Database(db_path, user="vic") as viewer:
        with pytest.raises(clientele.PermissionDeniedError):
            viewer.merge([a, b])
    with clientele.Database(db_path, user="li.na") as sales:
        with pytest.raises(clientele.NotFoundError):
            sales.merge([a["id"], other["id"]])
        assert dump(db_path) == before
        r = sales.merge([a["id"], b["id"]])
        assert r["survivor"]["owner"] == "li.na"
        assert sales.unmerge(r["merge_id"])["undone_by"] == "li.na"
    assert dump(db_path) == before


def test_merge_inside_a_transaction_rolls_back_with_it(db, db_path, pair):
    a, b = pair
    before = dump(db_path)
    with pytest.raises(RuntimeError):
        with db.transaction():
            db.merge([a, b])
            raise RuntimeError("changed my mind")
    assert dump(db_path) == before


def test_merge_clusters(db, pair):
    a, b = pair
    c = db.create_customer(family_name="王", given_name="芳")
    out = db.merge_clusters([{"ids": [a["id"], b["id"]], "score": 0.98, "survivor": a["id"]},
                             {"ids": [c["id"], "gone"], "score": 0.99},
                             {"ids": [c["id"], a["id"]], "score": 0.5},
                             [c["id"]]], threshold=0.9)
    assert [o["action"] for o in out] == ["merged", "failed", "review", "single"]
    assert out[0]["survivor"] == a["id"] and out[1]["error"] == "not_found"
    assert db.get_customer(c["id"])["status"] == "active"
    with pytest.raises(clientele.InvalidInputError, match="clusters"):
        db.merge_clusters([{"ids": "not-a-list"}], threshold=0.9)


def test_three_at_once_undo_exact_and_survivor_outside_ids(db, db_path, pair):
    a, b = pair
    c = db.create_customer(family_name="张", given_name="伟", emails=[{"address": "zw@qq.com"}],
                           consent={"sms": {"status": "granted", "at": "2024-02-02T00:00:00Z"}})
    db.add_interaction(customer=c, kind="call", occurred_at="2024-04-01T10:00:00Z")
    before = dump(db_path)
    r = db.merge([b, c], survivor=a)  # the survivor need not be among the ids
    assert r["survivor"]["id"] == a["id"] and len(r["merged"]) == 2
    assert r["survivor"]["consent"]["sms"]["status"] == "granted"
    assert db.count_interactions(customer=a) == 2
    db.unmerge(a)
    assert dump(db_path) == before


def test_deleting_a_survivor_takes_its_merged_records_and_lineage(db, pair):
    a, b = pair
    db.merge([a, b], survivor=a)
    db.delete_customer(a)
    assert db.find_customer(a["id"]) is None and db.find_customer("WECHAT-9") is None
    assert db.count_customers() == 0 and db.merges() == []


def test_deduplicate_merges_until_nothing_is_left_and_a_dry_run_writes_nothing(db, db_path, pair):
    a, b = pair
    db.create_customer(family_name="王", given_name="芳", phones=[{"number": "13900001111"}])
    before = dump(db_path)
    look = db.deduplicate(dry_run=True)
    assert look["merged_clusters"] == 1 and look["passes"] == 1 and look["records"] == 3
    assert dump(db_path) == before
    done = db.deduplicate()
    assert done["merged_clusters"] == 1 and done["failed_clusters"] == 0
    assert [o["action"] for o in done["outcomes"]] == ["merged"]
    assert db.count_customers(status="merged") == 1
    assert db.deduplicate()["merged_clusters"] == 0
    with pytest.raises(clientele.InvalidInputError, match="threshold"):
        db.deduplicate(threshold=1.5)
    with pytest.raises(clientele.InvalidInputError, match="rules"):
        db.deduplicate(rules={"shoe": "survivor"})


def test_deduplicate_is_refused_to_a_viewer(db, db_path, pair):
    with clientele.Database(db_path, user="vic") as viewer:
        with pytest.raises(clientele.PermissionDeniedError):
            viewer.deduplicate()
