"""Input that must neither crash the tool nor lose data (issue 13): deep JSON, integers
beyond 64 bits, points that would overflow, NUL bytes and impossible encodings, terminal
escapes in stored names, formula injection in CSV exports, missing input files."""
import json
import os
import pty
import sqlite3
import subprocess

from conftest import CLI

OK, INVALID, NOT_FOUND, STORAGE, CORRUPT = 0, 3, 4, 7, 8
LIMIT = 64  # docs/limits.md: custom fields nest at most 64 levels

ESC_NAME = "\x1b]0;pwned\x07\x1b[31mEvil\u009b2J"


def deep(levels):
    return "[" * levels + "]" * levels


def record(levels):
    return json.dumps({"display_name": "深", "external_id": "D1"})[:-1] + ', "custom": {"x": ' + deep(levels) + "}}"


def snapshot(cli, db):
    r = cli("export", db, "--format", "jsonl")
    assert r.code == OK, r
    return [{k: v for k, v in json.loads(line).items() if k not in ("updated_at", "version")}
            for line in r.out.splitlines()]


def refused(r, *words):
    assert r.code == INVALID, r
    assert "clientele: error:" in r.err, r  # a clean refusal, not a crash
    for w in words:
        assert w in r.err, r


# ---- 1. nesting ----------------------------------------------------------------------

def test_deep_json_is_refused_everywhere_it_enters(cli, db, tmp_path):
    cli("customer", "add", db, "--name", "Keep", "--external-id", "K1")
    before = snapshot(cli, db)
    one = tmp_path / "deep.json"
    one.write_text(record(100_000))
    refused(cli("customer", "add", db, "--from-json", one), "nested deeper than")
    refused(cli("import", db, one, "--format", "jsonl"), "nested deeper than")
    csv = tmp_path / "deep.csv"
    csv.write_text('external_id,name,custom_json.x\nD2,深,"' + deep(100_000) + '"\n')
    refused(cli("import", db, csv), "nested deeper than")
    patch = '{"custom": {"x": ' + deep(100_000) + "}}"
    refused(cli("customer", "update", db, "K1", "--patch", "-", stdin=patch), "nested deeper than")
    # (60,000 levels: one argument may not be longer than 128 KiB)
    refused(cli("customer", "update", db, "K1", "--set", "custom.x=" + deep(60_000)), "nested deeper than")
    assert snapshot(cli, db) == before
    # At the limit it is data like any other, and round-trips through both formats.
    at_limit = tmp_path / "ok.json"
    at_limit.write_text(record(LIMIT - 1))
    assert cli("customer", "add", db, "--from-json", at_limit).code == OK


def test_a_record_stored_too_deep_is_reported_not_crashed_on(cli, db, tmp_path):
    cli("customer", "add", db, "--name", "Old", "--external-id", "OLD")
    cli("customer", "add", db, "--name", "Fine", "--external-id", "FINE")
    uuid = json.loads(cli("customer", "show", db, "OLD", "--json").out)["id"]
    con = sqlite3.connect(db)
    # As an older version could store it: 20,000 levels crashed show and the JSONL export,
    # 2,004 made every CSV export fail (SQLite's own JSON limit).
    for levels in (20_000, 2_004):
        with con:
            con.execute("UPDATE customers SET custom = ? WHERE external_id = 'OLD'", ('{"x":' + deep(levels) + "}",))
        r = cli("customer", "show", db, "OLD")
        assert r.code == CORRUPT and uuid in r.err, r
        for fmt in ("jsonl", "csv"):
            r = cli("export", db, "--format", fmt)
            assert r.code == CORRUPT and uuid in r.err, r
    con.close()
    assert cli("customer", "show", db, "FINE").code == OK


# ---- 2, 3. integers and amounts -----------------------------------------------------

def test_amounts_beyond_64_bits_or_the_bound_are_refused_naming_the_field(cli, db, tmp_path):
    cli("customer", "add", db, "--name", "Buyer", "--external-id", "B1")
    for value in ("18446744073709551615", "9223372036854775808", "1000000000000001",
                  "123456789012345678901234567890"):
        f = tmp_path / "i.json"
        f.write_text('{"customer": "B1", "kind": "purchase", "occurred_at": "2024-01-01T00:00:00Z", '
                     '"amount_minor": ' + value + "}")
        refused(cli("interaction", "add", db, "--from-json", f), "amount_minor", "beyond")
    refused(cli("interaction", "add", db, "--customer", "B1", "--kind", "purchase", "--at", "2024-01-01",
                "--amount", "92233720368547758.08"), "amount limit")
    assert cli("interaction", "list", db, "--json").json()["items"] == []
    # The bound itself is fine, twice, and stats adds them exactly.
    for day in ("2024-01-01", "2024-01-02"):
        assert cli("interaction", "add", db, "--customer", "B1", "--kind", "purchase", "--at", day,
                   "--amount", "10000000000000").code == OK
    stats = cli("stats", db, "--json").json()
    assert stats["revenue_minor_by_currency"]["CNY"] == 2 * 10**15


def test_a_points_call_that_fails_leaves_no_row(cli, db):
    cli("customer", "add", db, "--name", "Points", "--external-id", "P1")
    assert cli("points", "add", db, "P1", "9223372036854775807").code == OK
    refused(cli("points", "add", db, "P1", "1"), "points")
    assert len(cli("points", "history", db, "P1", "--json").json()) == 1
    assert cli("points", "balance", db, "P1", "--json").json()["balance"] == 2**63 - 1
    assert cli("points", "redeem", db, "P1", "5").code == OK


# ---- 4. bytes and encodings -----------------------------------------------------------

def test_a_nul_byte_in_a_csv_cell_is_refused_naming_file_line_and_column(cli, db, tmp_path):
    f = tmp_path / "nul.csv"
    f.write_bytes(b"external_id,name\nN1,ok\nN2,bad\x00name\n")
    r = cli("import", db, f)
    refused(r, "nul.csv:3", "column 2", "NUL")
    assert cli("customer", "list", db, "--json").json()["items"] == []


def test_a_utf8_file_forced_to_gb18030_is_refused_unless_forced(cli, db, tmp_path):
    f = tmp_path / "utf8.csv"
    f.write_bytes("external_id,name,city\nU1,张伟,北京\n".encode("utf-8"))
    r = cli("import", db, f, "--encoding", "gb18030")
    refused(r, "utf8.csv", "UTF-8", "mojibake")
    assert cli("customer", "list", db, "--json").json()["items"] == []
    # The caller insists: then it is read as asked.
    assert cli("import", db, f, "--encoding", "gb18030", "--force-encoding").code == OK
    # Bytes that are not GB18030 at all name the line.
    bad = tmp_path / "bad.csv"
    bad.write_bytes("external_id,name\nG1,".encode() + "张".encode("gb18030") + b"\nG2,\xff\n")
    refused(cli("import", db, bad, "--encoding", "gb18030"), "bad.csv:3", "column 2", "GB18030")


def test_a_missing_input_file_is_the_callers_error(cli, db, tmp_path):
    for args in (("import", db, tmp_path / "nope.csv"), ("import", db, tmp_path / "nope.jsonl"),
                 ("rfm", tmp_path / "nope.csv", "--as-of", "2024-01-01"),
                 ("customer", "add", db, "--from-json", tmp_path / "nope.json")):
        r = cli(*args)
        assert r.code == INVALID and "nope" in r.err, r


# ---- 5. terminals ---------------------------------------------------------------------

def test_stored_control_characters_do_not_reach_the_terminal(cli, db):
    assert cli("customer", "add", db, "--name", ESC_NAME, "--external-id", "E1").code == OK
    for args in (("customer", "show", db, "E1"), ("customer", "list", db)):
        r = cli(*args)
        assert r.code == OK, r
        assert "\x1b" not in r.out and "\u009b" not in r.out and "\x07" not in r.out, r
        assert "\\u001b" in r.out, r
    # JSON stays exact JSON: the name comes back as stored.
    assert cli("customer", "show", db, "E1", "--json").json()["display_name"] == ESC_NAME


def test_on_a_terminal_every_output_is_escaped(db):
    # `customer add` prints the stored name in a one-line message; on a terminal it must
    # not drive it, while JSON keeps its meaning (\u001b inside a string is the same text).
    for extra in ([], ["--json"]):
        master, slave = pty.openpty()
        proc = subprocess.run([CLI, "customer", "add", str(db), "--name", ESC_NAME, *extra],
                              stdout=slave, stderr=subprocess.PIPE, timeout=60)
        os.close(slave)
        out = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        os.close(master)
        assert proc.returncode == OK, proc.stderr
        assert b"\x1b" not in out and "\u009b".encode() not in out and b"\x07" not in out, out
        if extra:
            assert json.loads(out.decode().replace("\r\n", "\n"))["display_name"] == ESC_NAME


# ---- 6. formula injection -------------------------------------------------------------

def test_csv_exports_neutralise_formulas_and_round_trip(cli, db, tmp_path):
    people = tmp_path / "people.jsonl"
    people.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in (
        {"display_name": '=HYPERLINK("http://evil","x")', "external_id": "F1",
         "phones": [{"number": "+86 138 0013 8000"}]},
        {"display_name": "@SUM(A1)", "external_id": "F2", "notes": "-2+3"},
        {"display_name": "'=already quoted", "external_id": "F3"})) + "\n")
    assert cli("customer", "add", db, "--from-json", people).code == OK
    out = tmp_path / "out.csv"
    assert cli("export", db, "--out", out).code == OK
    text = out.read_text()
    assert '"\'=HYPERLINK(""http://evil"",""x"")"' in text
    assert "'@SUM(A1)" in text and "'-2+3" in text and "'+86 138 0013 8000" in text
    assert "''=already quoted" in text
    for line in text.splitlines():
        for cell in line.split(","):
            assert not cell.startswith(("=", "+", "-", "@")), line
    # Read back into a fresh store: the same data, quotes taken off.
    fresh = tmp_path / "fresh.db"
    assert cli("init", fresh).code == OK
    assert cli("import", fresh, out).code == OK
    assert snapshot(cli, fresh) == snapshot(cli, db)
    # The opt-out writes cells as stored.
    raw = tmp_path / "raw.csv"
    assert cli("export", db, "--out", raw, "--raw-cells").code == OK
    raw_text = raw.read_text()
    assert ",@SUM(A1)," in raw_text and ",-2+3," in raw_text and "'" not in raw_text.replace("'=already", "")


def test_the_errors_file_and_dedupe_output_are_guarded_too(cli, db, tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("external_id,name,email\nX1,=cmd|' /C calc'!A0,not-an-email\n")
    errors = tmp_path / "errors.csv"
    assert cli("import", db, src, "--skip-invalid", "--errors", errors).code == OK
    assert "'=cmd|" in errors.read_text()
    people = tmp_path / "people.csv"
    people.write_text("id,name,email\n=1+1,张伟,a@x.com\n@2,张伟,a@x.com\n")
    out = tmp_path / "clusters.csv"
    assert cli("dedupe", people, "--out", out).code == OK
    body = out.read_text()
    assert "'=1+1" in body and "'@2" in body
