"""db.export(csv) -> a fresh db.import_csv reproduces every field (docs/import-export.md)."""
import json

import pandas as pd
import pytest

import clientele

FULL = {
    "external_id": "C-1",
    "family_name": "王",
    "given_name": "小明",
    "company_name": "南京贸易, Ltd.",
    "job_title": "经理",
    "emails": [{"address": "w@example.com", "label": "work"},
               {"address": "h@example.cn", "label": "家", "primary": True}],
    "phones": [{"number": "+86 139 0013 9000", "label": "手机"}, {"number": "+1 212 555 0100"}],
    "addresses": [{"label": "home", "street": "中山路 1 号\n3 楼", "city": "南京", "country": "CN"},
                  {"label": "office", "street": '5th Ave, "A"', "city": "New York", "country": "US",
                   "primary": True}],
    "consent": {"email": {"status": "granted", "at": "2024-01-02T03:04:05Z", "method": "web, 中文"},
                "wechat": {"status": "denied"}},
    "notes": '多行备注\nsecond line, "quoted"',
    "tags": ["vip", "老客户"],
    "membership_level": "金卡",
    "last_verified_at": "2024-05-01T00:00:00Z",
    "created_at": "2021-03-04T05:06:07Z",
    "custom": {"points": 1200, "ratio": 0.5, "vip": True, "prefs": {"lang": "zh", "n": [1, 2]},
               "blank": "", "level": "gold", "name": "not the name column"},
}


def data(db):
    """Every customer as JSON without what the store sets on each write."""
    rows = [json.loads(line) for line in db.export(format="jsonl").splitlines()]
    for r in rows:
        r.pop("updated_at")
        r.pop("version")
    return rows


@pytest.fixture
def db(tmp_path):
    with clientele.Database(tmp_path / "a.db", create=True) as d:
        d.create_customer(FULL)
        d.create_customer({"display_name": "Anna", "emails": ["anna@example.com"], "custom": {"points": "many"}})
        yield d


def test_export_then_import_into_a_fresh_db_is_exact(db, tmp_path):
    first = tmp_path / "first.csv"
    assert db.export(first) == 2
    with clientele.Database(tmp_path / "fresh.db", create=True) as fresh:
        assert fresh.import_csv(first)["created"] == 2
        assert data(fresh) == data(db)
        assert fresh.export() == first.read_text(encoding="utf-8")  # byte for byte
        c = fresh.get_customer("C-1")
        assert c["custom"]["prefs"] == {"lang": "zh", "n": [1, 2]} and c["custom"]["points"] == 1200
        assert [e["primary"] for e in c["emails"]] == [False, True]
        assert c["consent"]["email"]["method"] == "web, 中文"
        before = fresh.export(format="jsonl")
        r = fresh.import_csv(first)
        assert (r["created"], r["updated"], r["unchanged"]) == (0, 0, 2)
        assert fresh.export(format="jsonl") == before


def test_the_export_read_by_pandas_imports_as_a_dataframe(db, tmp_path):
    # Every cell as text, as a spreadsheet keeps it: the DataFrame carries the same data.
    path = tmp_path / "x.csv"
    db.export(path)
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert "custom_json.points" in df.columns and "email2_primary" in df.columns
    with clientele.Database(tmp_path / "fresh.db", create=True) as fresh:
        assert fresh.import_dataframe(df)["created"] == 2
        assert data(fresh) == data(db)


def test_a_label_without_its_email_is_located_and_writes_nothing(db):
    before = db.export(format="jsonl")
    bad = pd.DataFrame({"external_id": ["C-1", "C-9"], "email": ["w@example.com", ""],
                        "email_label": ["work", "home"]})
    with pytest.raises(clientele.ImportFailedError) as e:
        db.import_dataframe(bad)
    (err,) = e.value.report["errors"]
    assert (err["line"], err["column"], err["value"]) == (3, "email_label", "home")
    assert "'email' is empty" in err["reason"]
    assert db.export(format="jsonl") == before
