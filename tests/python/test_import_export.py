"""Import and export from Python: files, DataFrames without a file, reports and errors."""
import pandas as pd
import pytest

import clientele

CSV = "external_id,name,email,city,会员卡\nC1,张伟,zhang@example.com,北京,A-1\nC2,Anna,a@x.com,Shanghai,\n"


@pytest.fixture
def db(tmp_path):
    with clientele.Database(tmp_path / "s.db", create=True) as d:
        yield d


def test_import_csv_twice_and_export(db, tmp_path):
    f = tmp_path / "c.csv"
    f.write_text(CSV, encoding="utf-8")
    r = db.import_csv(f)
    assert (r["created"], r["rows"], r["committed"]) == (2, 2, True)
    assert db.get_customer("C1")["custom"] == {"会员卡": "A-1"}
    r = db.import_csv(f)
    assert (r["created"], r["updated"], r["unchanged"]) == (0, 0, 2)
    out = tmp_path / "out.csv"
    assert db.export(out) == 2
    text = db.export(format="jsonl")
    assert text.count("\n") == 2 and "张伟" in text
    with clientele.Database(tmp_path / "fresh.db", create=True) as fresh:
        assert fresh.import_csv(out)["created"] == 2
        assert fresh.get_customer("C1")["display_name"] == "张伟"


def test_import_dataframe_without_a_file(db):
    customers = pd.DataFrame({"id": ["D1", "D2"], "name": ["Dora", "李雷"], "phone": ["13800138000", None]})
    assert db.import_dataframe(customers)["created"] == 2
    purchases = pd.DataFrame({
        "customer_id": ["D1", "D2", "D1"],
        "timestamp": pd.to_datetime(["2024-05-01 10:00", "2024-05-02 00:00", "2024-05-03 00:00"]),
        "amount": ["19.90", "5", "1,000.00"],
    })
    r = db.import_dataframe(purchases, "interactions", time_zone="Asia/Shanghai")
    assert r["created"] == 3
    items, _ = db._core.list_interactions({"customer": "D1"})
    assert [i["amount_minor"] for i in items] == [1990, 100000]
    assert items[0]["occurred_at"] == "2024-05-01T02:00:00Z"
    assert db.import_dataframe(purchases, "interactions", time_zone="Asia/Shanghai")["unchanged"] == 3


def test_invalid_rows_raise_with_the_report_and_write_nothing(db):
    bad = pd.DataFrame({"id": ["B1", "B2"], "name": ["ok", "bad"], "birthday": ["1990-01-01", "1990-02-30"]})
    with pytest.raises(clientele.ImportFailedError) as e:
        db.import_dataframe(bad)
    assert isinstance(e.value, clientele.InvalidInputError)
    (err,) = e.value.report["errors"]
    assert (err["line"], err["column"], err["value"]) == (3, "birthday", "1990-02-30")
    assert db.count_customers() == 0
    r = db.import_dataframe(bad, skip_invalid=True)
    assert (r["created"], r["rejected"]) == (1, 1)


def test_bad_json_lines_name_the_line_and_write_nothing(db, tmp_path):
    f = tmp_path / "c.jsonl"
    # 1e999 overflows a double; the JSON parser reports that differently from bad syntax.
    f.write_text('{"external_id":"J1","display_name":"A"}\n{"external_id":"J2","custom":{"n":1e999}}\n')
    with pytest.raises(clientele.ImportFailedError) as e:
        db.import_jsonl(f)
    (err,) = e.value.report["errors"]
    assert err["line"] == 2 and "not valid JSON" in err["reason"]
    assert db.count_customers() == 0


def test_progress_cancels_and_python_errors_propagate(db):
    df = pd.DataFrame({"id": [f"P{k}" for k in range(5000)], "name": [f"n{k}" for k in range(5000)]})
    seen = []

    def stop(read, total, rows):
        seen.append(rows)
        return rows < 2000

    with pytest.raises(clientele.CancelledError):
        db.import_dataframe(df, progress=stop)
    assert seen and db.count_customers() == 0

    def boom(read, total, rows):
        raise KeyError("from the callback")

    with pytest.raises(KeyError):
        db.import_dataframe(df, progress=boom)
    assert db.count_customers() == 0


def test_viewer_cannot_import(db, tmp_path):
    db.add_user({"username": "vic", "role": "viewer"})
    with clientele.Database(db.path, "vic") as v:
        with pytest.raises(clientele.PermissionDeniedError):
            v.import_dataframe(pd.DataFrame({"id": ["X"], "name": ["x"]}))
