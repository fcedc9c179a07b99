"""Customers through the Python API: round trips, versions, lookups, bad input."""
from __future__ import annotations

import datetime as dt

import pytest

import clientele

CUSTOM = {
    "shoe_size": 42,
    "喜好": ["茶", "书法"],
    "nested": {"a": [1, 2.5, None, True, False], "empty": {}, "list": []},
    "big": 2**63 - 1,
    "small": -(2**63),
    "ratio": 0.1,
    "text": "emoji 🎉 and \"quotes\" and \\ back\nslash",
}


def chinese_customer(**extra):
    record = {
        "external_id": "SHOP-000123",
        "given_name": "伟",
        "family_name": "张",
        "job_title": "采购经理",
        "emails": [{"address": "Zhang.Wei@Example.com", "label": "work"}],
        "phones": [{"number": "138-1234-5678", "label": "mobile"}],
        "addresses": [{"label": "home", "street": "南京西路 1266 号", "city": "上海",
                       "region": "上海", "postcode": "200040", "country": "cn"}],
        "birthday": "1988-04-12",
        "gender": "male",
        "source": "wechat",
        "tags": ["vip", "批发"],
        "membership_level": "gold",
        "custom": CUSTOM,
        "consent": {"email": {"status": "granted", "at": "2024-01-02T03:04:05Z", "method": "web form"},
                    "sms": {"status": "denied"}},
        "notes": "喜欢晚上六点后打电话",
        "created_at": "2024-01-02T03:04:05Z",
    }
    record.update(extra)
    return record


def test_round_trip_keeps_chinese_text_and_custom_fields(db):
    created = db.create_customer(chinese_customer())
    assert created["version"] == 1
    assert created["status"] == "active"
    assert created["display_name"] == "张伟"  # derived: CJK family + given, no space
    assert created["emails"][0]["normalized"] == "zhang.wei@example.com"
    assert created["emails"][0]["primary"] is True
    assert created["phones"][0]["e164"] == "+8613812345678"
    assert created["addresses"][0]["country"] == "CN"
    assert created["created_at"] == "2024-01-02T03:04:05Z"

    read = db.get_customer(created["id"])
    assert read == created
    assert read["custom"] == CUSTOM
    assert isinstance(read["custom"]["shoe_size"], int)
    assert isinstance(read["custom"]["nested"]["a"][1], float)
    assert read["notes"] == "喜欢晚上六点后打电话"
    assert read["addresses"][0]["city"] == "上海"
    assert sorted(read["tags"]) == ["vip", "批发"]
    assert read["consent"]["email"] == {"status": "granted", "at": "2024-01-02T03:04:05Z",
                                        "method": "web form"}
    # by external id too, and a record read back can be saved back unchanged but for version
    assert db.get_customer("SHOP-000123") == created
    saved = db.save_customer(read)
    assert saved["version"] == 2
    assert {k: v for k, v in saved.items() if k not in ("version", "updated_at")} == \
        {k: v for k, v in created.items() if k not in ("version", "updated_at")}


def test_create_from_keywords_and_dict_with_keywords(db):
    a = db.create_customer(given_name="Ada", family_name="Lovelace")
    assert a["display_name"] == "Ada Lovelace"
    b = db.create_customer({"given_name": "Alan"}, family_name="Turing")
    assert b["display_name"] == "Alan Turing"


def test_python_dates_and_datetimes_are_accepted(db):
    plus8 = dt.timezone(dt.timedelta(hours=8))
    c = db.create_customer(
        given_name="Li", birthday=dt.date(1990, 5, 17),
        created_at=dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=plus8),
        last_verified_at=dt.datetime(2024, 6, 1, 12, 0, 0),  # naive = UTC
        consent={"email": {"status": "granted", "at": dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)}})
    assert c["birthday"] == "1990-05-17"
    assert c["created_at"] == "2024-01-01T19:04:05Z"
    assert c["last_verified_at"] == "2024-06-01T12:00:00Z"
    assert c["consent"]["email"]["at"] == "2024-01-01T00:00:00Z"
    pd = pytest.importorskip("pandas")
    d = db.create_customer(given_name="Wu", birthday=pd.Timestamp("1970-01-31"))
    assert d["birthday"] == "1970-01-31"


def test_numpy_and_pandas_values_are_plain_json(db):
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    c = db.create_customer(given_name="Np", custom={
        "i": np.int64(7), "f": np.float32(0.5), "b": np.bool_(True), "arr": np.array([1, 2, 3]),
        "missing": float("nan"), "na": pd.NA, "nat": pd.NaT})
    assert c["custom"] == {"i": 7, "f": 0.5, "b": True, "arr": [1, 2, 3],
                           "missing": None, "na": None, "nat": None}


def test_find_customer_returns_none_and_get_raises(db):
    assert db.find_customer("no-such-customer") is None
    assert db.find_customer("00000000-0000-0000-0000-000000000000") is None
    with pytest.raises(clientele.NotFoundError):
        db.get_customer("no-such-customer")
    c = db.create_customer(given_name="Found")
    assert db.find_customer(c["id"])["id"] == c["id"]
    assert db.find_customer(c)["id"] == c["id"]  # a record works as a reference


def test_update_applies_merge_patch_and_bumps_version(db):
    c = db.create_customer(given_name="Mei", family_name="Lin", notes="old",
                           custom={"a": 1, "b": 2})
    u = db.update_customer(c["id"], {"notes": "new", "custom": {"b": None, "c": 3}}, 1)
    assert u["version"] == 2
    assert u["notes"] == "new"
    assert u["custom"] == {"a": 1, "c": 3}
    # None removes a field; a record as the ref brings its own expected version
    u2 = db.update_customer(u, {"notes": None})
    assert "notes" not in u2 or u2["notes"] == ""
    assert u2["version"] == 3


def test_stale_version_is_a_conflict_and_changes_nothing(db, db_path, state):
    c = db.create_customer(given_name="Stale", notes="first")
    db.update_customer(c["id"], {"notes": "second"}, 1)
    before = state(db_path)
    with pytest.raises(clientele.ConflictError) as err:
        db.update_customer(c["id"], {"notes": "third"}, 1)
    assert err.value.code == clientele.ErrorCode.CONFLICT
    with pytest.raises(clientele.ConflictError):
        db.save_customer({**c, "notes": "from a stale copy"})
    with pytest.raises(clientele.ConflictError):
        db.update_customer(c, {"notes": "third"})  # c still says version 1
    assert state(db_path) == before
    assert db.get_customer(c["id"])["notes"] == "second"


def test_update_needs_an_expected_version(db):
    c = db.create_customer(given_name="V")
    with pytest.raises(TypeError):
        db.update_customer(c["id"], {"notes": "x"})


def test_duplicate_external_id_is_a_conflict(db, db_path, state):
    db.create_customer(given_name="One", external_id="X-1")
    before = state(db_path)
    with pytest.raises(clientele.ConflictError):
        db.create_customer(given_name="Two", external_id="X-1")
    assert state(db_path) == before


@pytest.mark.parametrize("record, field", [
    ({"given_name": "E", "emails": [{"address": "not-an-email"}]}, "emails[0].address"),
    ({"given_name": "E", "emails": [{"address": "a@example.com"}, {"address": "two@@x"}]},
     "emails[1].address"),
    ({"given_name": "P", "phones": [{"number": "call me maybe"}]}, "phones[0].number"),
    ({"given_name": "D", "birthday": "2023-02-30"}, "birthday"),
    ({"given_name": "D", "birthday": "yesterday"}, "birthday"),
    ({"given_name": "T", "created_at": "not a time"}, "created_at"),
    ({"given_name": "K", "kind": "robot"}, "kind"),
    ({"given_name": "G", "gender": 3}, "gender"),
    ({"given_name": "U", "shoe_size": 42}, "shoe_size"),  # unknown keys are rejected
    ({"given_name": "C", "addresses": [{"city": "X", "country": "China"}]}, "addresses[0].country"),
    ({"given_name": "X", "custom": {"when": object()}}, "custom.when"),
    ({"given_name": "X", "custom": {"deep": [1, {"x": float("inf")}]}}, "custom.deep[1].x"),
    ({"given_name": "X", "custom": {"huge": 2**64}}, "custom.huge"),
    ({"given_name": "X", "custom": {1: "int key"}}, "custom"),
    ({"given_name": "L", "preferred_language": "chinese"}, "preferred_language"),
])
def test_invalid_input_names_the_field_and_writes_nothing(db, db_path, state, record, field):
    db.create_customer(given_name="Existing")
    before = state(db_path)
    with pytest.raises(clientele.InvalidInputError) as err:
        db.create_customer(record)
    assert err.value.field == field, str(err.value)
    assert err.value.code == clientele.ErrorCode.INVALID_INPUT
    assert err.value.reason
    assert isinstance(err.value, ValueError)
    assert state(db_path) == before


def test_invalid_patch_names_the_field_and_changes_nothing(db, db_path, state):
    c = db.create_customer(given_name="Patch", emails=[{"address": "ok@example.com"}])
    before = state(db_path)
    with pytest.raises(clientele.InvalidInputError) as err:
        db.update_customer(c["id"], {"emails": [{"address": "broken"}]}, 1)
    assert err.value.field == "emails[0].address"
    with pytest.raises(clientele.InvalidInputError) as err:
        db.update_customer(c["id"], {"birthday": "1999-13-01"}, 1)
    assert err.value.field == "birthday"
    with pytest.raises(clientele.InvalidInputError):
        db.update_customer(c["id"], {"version": 7}, 1)  # read-only fields cannot be patched
    assert state(db_path) == before


def test_wrong_argument_types_raise_type_error(db):
    with pytest.raises(TypeError):
        db.create_customer(["given_name", "x"])
    with pytest.raises(TypeError):
        db.get_customer(42)
    with pytest.raises(TypeError):
        db.create_customers({"given_name": "not a list"})


def test_find_by_email_and_phone_use_normalized_forms(db):
    c = db.create_customer(given_name="N", emails=[{"address": "Zhang.Wei@Example.com"}],
                           phones=[{"number": "138 1234 5678"}])
    db.create_customer(given_name="Other", emails=[{"address": "other@example.com"}])
    for email in ["zhang.wei@example.com", "  ZHANG.WEI@EXAMPLE.COM ", "Zhang.Wei@Example.com"]:
        assert [x["id"] for x in db.find_by_email(email)] == [c["id"]]
    for phone in ["13812345678", "+86 138-1234-5678", "0086 138 1234 5678", "(138) 1234.5678"]:
        assert [x["id"] for x in db.find_by_phone(phone)] == [c["id"]]
    assert db.find_by_email("nobody@example.com") == []
    assert isinstance(db.find_by_email("zhang.wei@example.com"), clientele.Records)


def test_search_finds_chinese_substrings_and_latin_prefixes(db):
    a = db.create_customer(given_name="小明", family_name="王", company_name="上海明珠贸易有限公司",
                           addresses=[{"city": "上海"}])
    b = db.create_customer(given_name="Johanna", family_name="Schmidt", company_name="Acme Trading")
    assert [c["id"] for c in db.search_customers("明珠贸易")] == [a["id"]]
    assert [c["id"] for c in db.search_customers("Johan")] == [b["id"]]
    assert [c["id"] for c in db.search_customers("acme")] == [b["id"]]
    assert db.search_customers("zzzz-nothing") == []
    many = db.create_customers([{"given_name": f"Searchable{i}", "tags": ["findme"]} for i in range(5)])
    assert len(many) == 5
    assert len(db.search_customers("findme", limit=3)) == 3


def test_archive_and_delete(db):
    c = db.create_customer(given_name="Gone", emails=[{"address": "gone@example.com"}])
    db.add_interaction(customer_id=c["id"], kind="note", occurred_at="2024-01-01T00:00:00Z",
                       body="hello")
    archived = db.archive_customer(c["id"])
    assert archived["status"] == "archived"
    assert archived["version"] == 2
    assert db.count_customers(status="archived") == 1
    db.delete_customer(c["id"])
    assert db.find_customer(c["id"]) is None
    assert db.count_interactions() == 0
    assert db.find_by_email("gone@example.com") == []
    with pytest.raises(clientele.NotFoundError):
        db.delete_customer(c["id"])


def test_tags(db):
    c = db.create_customer(given_name="Tagged", tags=["a"])
    assert db.add_tags(c["id"], ["b", " c ", "b"]) == ["a", "b", "c"]
    assert db.add_tags(c, "d") == ["a", "b", "c", "d"]
    assert db.remove_tags(c["id"], ["a", "zz"]) == ["b", "c", "d"]
    assert db.tags(c["id"]) == ["b", "c", "d"]
    db.create_customer(given_name="Also", tags=["b"])
    assert db.all_tags() == {"b": 2, "c": 1, "d": 1}
    assert db.count_customers(tag="b") == 2


def test_bulk_create_is_all_or_nothing_and_names_the_row(db, db_path, state):
    db.create_customer(given_name="Before")
    before = state(db_path)
    records = [{"given_name": f"Bulk{i}"} for i in range(10)]
    records[6] = {"given_name": "Bad", "emails": [{"address": "nope"}]}
    with pytest.raises(clientele.InvalidInputError) as err:
        db.create_customers(records)
    assert err.value.row == 7
    assert err.value.field == "emails[0].address"
    assert state(db_path) == before
    records[6] = {"given_name": "Fine"}
    created = db.create_customers(records)
    assert [c["given_name"] for c in created] == [r["given_name"] for r in records]
    assert db.count_customers() == 11


def test_bulk_create_from_a_dataframe(db):
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({
        "given_name": ["A", "B", "C"],
        "family_name": ["X", None, "Z"],
        "birthday": pd.to_datetime(["1980-01-01", "1990-02-02", None]),
        "tags": [["x"], [], ["y", "z"]],
    })
    created = db.create_customers(frame)
    assert [c["display_name"] for c in created] == ["A X", "B", "C Z"]
    assert [c.get("birthday") for c in created] == ["1980-01-01", "1990-02-02", None]
    assert [c["tags"] for c in created] == [["x"], [], ["y", "z"]]


def test_stats(db):
    c = db.create_customer(given_name="S", kind="person")
    db.create_customer(company_name="ACME", kind="company")
    db.add_interaction(customer_id=c["id"], kind="purchase", occurred_at="2024-01-01T00:00:00Z",
                       amount_minor=12345, currency="CNY")
    s = db.stats()
    assert s["customers"] == 2
    assert s["customers_by_kind"] == {"company": 1, "person": 1}
    assert s["interactions"] == 1
    assert s["revenue_minor_by_currency"] == {"CNY": 12345}
    assert s["schema_version"] == clientele.schema_version


def test_preferred_language_is_canonical_and_a_frame_column(db):
    pd = pytest.importorskip("pandas")
    created = db.create_customer(given_name="L", preferred_language="zh_cn")
    assert created["preferred_language"] == "zh-CN"
    updated = db.update_customer(created["id"], {"preferred_language": "EN-gb"}, 1)
    assert updated["preferred_language"] == "en-GB"
    frame = db.list_customers().to_pandas()
    assert list(frame.columns) == list(clientele._core.customer_json_keys)
    assert frame.loc[0, "preferred_language"] == "en-GB"
