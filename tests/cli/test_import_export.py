"""End-to-end tests of `clientele import` and `clientele export` (issue 4)."""
import json
import os
import re
import resource
import signal
import sqlite3
import subprocess
import time

import pytest

from conftest import CLI

OK, INVALID, DENIED, STORAGE = 0, 3, 6, 7

CUSTOMERS = (
    "external_id,name,email,email2,phone,city,tags,会员卡,notes\n"
    "C1,张伟,zhang@example.com,z.wei@example.cn,+86 138 0013 8000,北京,vip;new,A-1,\"two\nlines\"\n"
    "C2,Anna Smith,a@x.com,,,Shanghai,,,\n"
)


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def snapshot(cli, db):
    """Every customer and interaction as exported JSON, without per-write fields."""
    out = []
    for kind in ("customers", "interactions"):
        r = cli("export", db, "--type", kind, "--format", "jsonl")
        assert r.code == OK, r
        for line in r.out.splitlines():
            rec = json.loads(line)
            rec.pop("updated_at", None)
            rec.pop("version", None)
            rec.pop("created_at", None) if kind == "interactions" else None
            out.append(rec)
    return out


def customer_count(db):
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return con.execute("SELECT count(*) FROM customers").fetchone()[0]
    finally:
        con.close()


def test_help(cli):
    for cmd in ("import", "export"):
        r = cli(cmd, "--help")
        assert r.code == OK and "--type" in r.out, r


def test_import_csv_then_again_changes_nothing(cli, ok, db, tmp_path):
    f = write(tmp_path / "c.csv", CUSTOMERS)
    rep = ok("import", db, f)
    assert (rep["committed"], rep["created"], rep["rows"], rep["encoding"]) == (True, 2, 2, "utf-8")
    c = ok("customer", "show", db, "C1")
    assert c["display_name"] == "张伟" and c["custom"] == {"会员卡": "A-1"} and c["notes"] == "two\nlines"
    before = snapshot(cli, db)
    r = cli("import", db, f)
    assert r.code == OK and r.err == "", r  # no progress bar without a terminal
    assert "0 created, 0 updated, 2 unchanged, 0 rejected" in r.out, r
    assert snapshot(cli, db) == before


def test_purchases_without_mapping_and_gb18030(cli, ok, db, tmp_path):
    ok("import", db, write(tmp_path / "c.csv", CUSTOMERS))
    # Excel in China saves GB18030; detected without --encoding.
    gb = write(tmp_path / "p.csv", "customer_id,timestamp,amount,备注\nC1,2024-05-01 10:00,\"1,299.00\",首单\n", "gb18030")
    rep = ok("import", db, gb, "--type", "interactions", "--time-zone", "Asia/Shanghai")
    assert rep["created"] == 1 and rep["encoding"] == "gb18030"
    (i,) = ok("interaction", "list", db, "--customer", "C1")["items"]
    assert i["amount_minor"] == 129900 and i["occurred_at"] == "2024-05-01T02:00:00Z" and i["custom"] == {"备注": "首单"}
    before = snapshot(cli, db)
    r = cli("import", db, gb, "--type", "interactions", "--encoding", "utf-8")
    assert r.code == INVALID, r
    assert "p.csv:1: field 'column 4'" in r.err and "invalid UTF-8" in r.err, r
    assert snapshot(cli, db) == before


def test_bad_rows_are_listed_and_nothing_is_written(cli, ok, db, tmp_path):
    ok("import", db, write(tmp_path / "c.csv", CUSTOMERS))
    before = snapshot(cli, db)
    bad = write(tmp_path / "bad.csv", "customer_id,timestamp,amount\nC1,2024-02-30,1\nC9,2024-01-01,2\nC1,2024-01-02,-3\n")
    r = cli("import", db, bad, "--type", "interactions")
    assert r.code == INVALID, r
    assert "bad.csv:2: field 'timestamp'" in r.err and "bad.csv:3: field 'customer_id'" in r.err, r
    assert "bad.csv:4: field 'amount'" in r.err and "nothing was imported" in r.err, r
    assert snapshot(cli, db) == before
    rep = cli("import", db, bad, "--type", "interactions", "--json")
    assert rep.code == INVALID and [e["line"] for e in json.loads(rep.out)["errors"]] == [2, 3, 4]


def test_bad_json_lines_are_listed_and_nothing_is_written(cli, ok, db, tmp_path):
    ok("import", db, write(tmp_path / "c.csv", CUSTOMERS))
    before = snapshot(cli, db)
    bad = write(tmp_path / "bad.jsonl", '{"external_id":"J1"}\n{"external_id":"J2","custom":{"n":1e999}}\n{"external_id":\n')
    r = cli("import", db, bad)
    assert r.code == INVALID, r
    assert "bad.jsonl:2: not valid JSON" in r.err and "bad.jsonl:3: not valid JSON" in r.err, r
    assert snapshot(cli, db) == before


def test_skip_invalid_writes_errors_file_to_fix_and_reimport(cli, ok, db, tmp_path):
    f = write(tmp_path / "c.csv", "id,name,birthday\nK1,Kim,1990-01-01\nK2,Bad,1990-02-30\n")
    errors = tmp_path / "rejected.csv"
    rep = ok("import", db, f, "--skip-invalid", "--errors", errors)
    assert (rep["created"], rep["rejected"]) == (1, 1)
    text = errors.read_text(encoding="utf-8")
    assert text.startswith("id,name,birthday,import_error\nK2,Bad,1990-02-30,"), text
    errors.write_text(text.replace("1990-02-30", "1990-02-28"), encoding="utf-8")
    assert ok("import", db, errors)["created"] == 1
    assert ok("customer", "show", db, "K2")["custom"] == {}


FULL_CUSTOMER = {
    "external_id": "F1", "family_name": "王", "given_name": "小明", "company_name": "南京, Ltd.", "job_title": "经理",
    "emails": [{"address": "w@example.com", "label": "work"}, {"address": "h@example.cn", "label": "家", "primary": True}],
    "phones": [{"number": "+86 139 0013 9000", "label": "手机"}],
    "addresses": [{"label": "home", "street": "中山路 1 号\n3 楼", "city": "南京", "country": "CN"},
                  {"label": "office", "city": "Boston", "country": "US", "primary": True}],
    "consent": {"sms": {"status": "granted", "at": "2024-01-02T03:04:05Z", "method": "paper, signed"}},
    "notes": '多行\n"quoted", with commas', "membership_level": "金卡", "preferred_language": "zh-Hans-CN", "last_verified_at": "2024-05-01T00:00:00Z",
    "custom": {"points": 1200, "prefs": {"lang": "zh", "n": [1, 2]}, "blank": ""},
}


def test_export_import_round_trip(cli, ok, db, tmp_path):
    ok("import", db, write(tmp_path / "c.csv", CUSTOMERS))
    ok("customer", "add", db, "--from-json", write(tmp_path / "full.json", json.dumps(FULL_CUSTOMER)))
    ok("import", db, write(tmp_path / "p.csv", "customer_id,timestamp,amount,kind,body\nC2,2024-01-01,5,refund,\"a\nb\"\n"),
       "--type", "interactions")
    for fmt in ("csv", "jsonl"):
        fresh = tmp_path / f"fresh-{fmt}.db"
        assert cli("init", fresh).code == OK
        for kind in ("customers", "interactions"):
            out = tmp_path / f"{kind}.{fmt}"
            assert ok("export", db, "--type", kind, "--format", fmt, "--out", out)["exported"] > 0
            assert ok("import", fresh, out, "--type", kind)["committed"]
            # The fresh store writes the same CSV again (JSON Lines also carry the store's
            # own updated_at), and reading it once more changes nothing.
            if fmt == "csv":
                again = tmp_path / f"{kind}-again.{fmt}"
                ok("export", fresh, "--type", kind, "--format", fmt, "--out", again)
                assert again.read_bytes() == out.read_bytes(), kind
            rep = ok("import", fresh, out, "--type", kind)
            assert rep["created"] == rep["updated"] == 0 and rep["unchanged"] == rep["rows"], (fmt, kind, rep)
        assert snapshot(cli, fresh) == snapshot(cli, db), fmt
        full = ok("customer", "show", fresh, "F1")
        assert full["custom"] == FULL_CUSTOMER["custom"] and full["consent"]["sms"]["method"] == "paper, signed"
        assert [(e["label"], e["primary"]) for e in full["emails"]] == [("work", False), ("家", True)]


def test_viewer_cannot_import(cli, ok, db, tmp_path):
    ok("user", "add", db, "vic", "--role", "viewer")
    r = cli("import", db, write(tmp_path / "c.csv", CUSTOMERS), user="vic")
    assert r.code == DENIED, r
    assert customer_count(db) == 0


def big_csv(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        f.write("external_id,name,email,phone,city,tags\n")
        for k in range(rows):
            f.write(f"B{k},Person {k},p{k}@example.com,+86 139 {k % 10000:04d} {k % 9999:04d},City {k % 50},t{k % 7}\n")
    return path


def test_disk_full_mid_import_leaves_the_store_unchanged(cli, ok, db, tmp_path):
    ok("import", db, write(tmp_path / "c.csv", CUSTOMERS))
    src = big_csv(tmp_path / "big.csv", 20000)
    limit = os.path.getsize(db) + 300_000  # room for a few thousand rows, not all

    def small_disk():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG (SQLITE_FULL), not killed
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    p = subprocess.run([CLI, "import", str(db), str(src)], capture_output=True, text=True,
                       preexec_fn=small_disk, timeout=120)
    assert p.returncode == STORAGE, (p.returncode, p.stderr)
    assert "clientele: error:" in p.stderr
    assert customer_count(db) == 2
    assert ok("import", db, src)["created"] == 20000  # and with room it goes in


def test_killed_mid_import_leaves_nothing_of_it(cli, ok, db, tmp_path):
    ok("import", db, write(tmp_path / "c.csv", CUSTOMERS))
    src = big_csv(tmp_path / "big.csv", 300000)
    wal = str(db) + "-wal"
    p = subprocess.Popen([CLI, "import", str(db), str(src)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 60
        # Kill once the import has written a good part of its transaction.
        while time.time() < deadline and (not os.path.exists(wal) or os.path.getsize(wal) < 4_000_000):
            assert p.poll() is None, "the import finished before it could be killed"
            time.sleep(0.02)
        p.send_signal(signal.SIGKILL)
    finally:
        p.wait()
    assert p.returncode == -signal.SIGKILL
    assert customer_count(db) == 2
    assert ok("customer", "list", db, "--all")[-1]["external_id"] in ("C1", "C2")


def test_preferred_language_by_flag_column_and_card(cli, ok, db, tmp_path):
    # The flag, the Chinese column name and the card all come from the one field table.
    c = ok("customer", "add", db, "--name", "李娜", "--preferred-language", "zh_cn", "--job-title", "店长")
    assert (c["preferred_language"], c["job_title"]) == ("zh-CN", "店长")
    ok("import", db, write(tmp_path / "c.csv", "external_id,姓名,语言\nL1,王芳,yue-hk\n"))
    assert ok("customer", "show", db, "L1")["preferred_language"] == "yue-HK"
    card = cli("customer", "show", db, "L1")
    assert card.code == OK and re.search(r"^language:\s+yue-HK$", card.out, re.M), card
    r = cli("customer", "add", db, "--name", "X", "--preferred-language", "chinese")
    assert r.code == INVALID and "preferred_language" in r.err, r
