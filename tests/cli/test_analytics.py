"""clientele rfm / clientele lifecycle: exact output on a hand-computed file, --map,
--customers, --db with roles, and bad input named by file, line and field."""
import pytest

TRANSACTIONS = """order,customer_id,timestamp,amount,note
1,c1,2024-04-09T23:00:00Z,100.00,x
2,c1,2024-03-11,50,
3,c2,2024-04-10T23:59:59Z,10.00,"a, b"
4,c2,2024-04-10T00:00:10Z,-5.00,
5,c3,2024-03-11,20.00,
6,c3,2024-04-11,1000.00,after as_of
7,c4,2024-03-31,-7.00,refund only
8,c5,2024-03-21T08:00:00+08:00,0.00,
"""

RFM = """customer_id,recency_days,frequency,monetary,r,f,m,rfm,segment,value_tier
c1,1,2,150.00,3,4,4,344,loyal_customers,medium
c2,0,1,5.00,4,1,2,412,promising,low
c3,30,1,20.00,1,1,3,113,hibernating,medium
c5,20,1,0.00,2,1,1,211,hibernating,low
"""

LIFECYCLE = """customer_id,stage,stage_since
c1,repeat,2024-04-09
c2,new,2024-04-10
c3,new,2024-03-11
c4,prospect,
c5,new,2024-03-21
c9,prospect,
"""


@pytest.fixture
def tx(tmp_path):
    p = tmp_path / "tx.csv"
    p.write_text(TRANSACTIONS, encoding="utf-8")
    return p


def test_rfm_csv_exact_output(cli, tx, tmp_path):
    r = cli("rfm", tx, "--as-of", "2024-04-10")
    assert r.code == 0, r
    assert r.out == RFM
    out = tmp_path / "out.csv"
    r = cli("rfm", tx, "--as-of", "2024-04-10", "--out", out)
    assert r.code == 0 and r.out == "", r
    assert out.read_text(encoding="utf-8") == RFM


def test_rfm_bins(cli, tx):
    r = cli("rfm", tx, "--as-of", "2024-04-10", "--bins", "2")
    assert r.code == 0, r
    lines = r.out.splitlines()
    assert lines[1] == "c1,1,2,150.00,2,2,2,222,,medium"  # tiers do not depend on bins
    r = cli("rfm", tx, "--as-of", "2024-04-10", "--bins", "11")
    assert r.code == 3 and "bins" in r.err, r


def test_rfm_custom_segments_and_tiers(cli, tx, tmp_path, team_db):
    rules = tmp_path / "segments.json"
    rules.write_text('[{"name": "最近", "r": [4, 5], "f": [1, 5]}, {"name": "rest", "r": [1, 5], "f": [1, 5]}]',
                     encoding="utf-8")
    r = cli("rfm", tx, "--as-of", "2024-04-10", "--segments", rules)
    assert r.code == 0, r
    assert [line.split(",")[8] for line in r.out.splitlines()[1:]] == ["rest", "最近", "rest", "rest"]
    # Tiers: monetary ranks 4, 2, 3, 1 of 4 -> p = 0.75, 0.25, 0.5, 0; high from 0.7, medium from 0.4.
    r = cli("rfm", tx, "--as-of", "2024-04-10", "--high-tier", "0.7", "--medium-tier", "0.4")
    assert [line.split(",")[9] for line in r.out.splitlines()[1:]] == ["high", "low", "medium", "low"], r
    # Over a store too.
    path, _ = team_db
    ok = cli("interaction", "add", path, "--customer", "C-LI", "--kind", "purchase", "--at", "2024-04-01",
             "--amount", "10")
    assert ok.code == 0, ok
    everyone = tmp_path / "everyone.json"
    everyone.write_text('[{"name": "全部", "r": [1, 5], "f": [1, 5]}]', encoding="utf-8")
    r = cli("rfm", "--db", path, "--as-of", "2024-04-10", "--segments", everyone)
    assert r.code == 0 and r.out.splitlines()[1].split(",")[8] == "全部", r
    # A bad rule names the rule and field; a missing file names the file.
    rules.write_text('[{"name": "x", "r": [4], "f": [1, 5]}]', encoding="utf-8")
    r = cli("rfm", tx, "--as-of", "2024-04-10", "--segments", rules)
    assert r.code == 3 and "segments[0].r" in r.err and r.out == "", r
    r = cli("rfm", tx, "--as-of", "2024-04-10", "--segments", tmp_path / "none.json")
    assert r.code != 0 and "none.json" in r.err, r


def test_lifecycle_with_customers_file(cli, tx, tmp_path):
    known = tmp_path / "customers.csv"
    known.write_text("name,customer_id\nNine,c9\nOne,c1\n", encoding="utf-8")
    r = cli("lifecycle", tx, "--as-of", "2024-04-10", "--customers", known)
    assert r.code == 0, r
    assert r.out == LIFECYCLE


def test_map_renames_columns(cli, tmp_path):
    p = tmp_path / "orders.csv"
    p.write_text("member,paid_at,total\nm1,2024-01-01,1.5\nm2,2024-01-02,2.25\n", encoding="utf-8")
    r = cli("rfm", p, "--as-of", "2024-01-02", "--map", "customer_id=member", "--map", "timestamp=paid_at",
            "--map", "amount=total")
    assert r.code == 0, r
    assert r.out.splitlines()[1:] == ["m1,1,1,1.50,1,1,1,111,hibernating,low",
                                      "m2,0,1,2.25,3,1,3,313,about_to_sleep,medium"]
    r = cli("rfm", p, "--as-of", "2024-01-02")
    assert r.code == 3 and "orders.csv" in r.err and "customer_id" in r.err, r
    r = cli("rfm", p, "--as-of", "2024-01-02", "--map", "customer_id")
    assert r.code == 2, r


@pytest.mark.parametrize("line, field", [
    ("c1,2024-13-01,1.00", "timestamp"),
    ("c1,2024-01-01,1.005", "amount"),
    ("c1,2024-01-01,abc", "amount"),
    (",2024-01-01,1.00", "customer_id"),
])
def test_bad_rows_name_file_line_and_field(cli, tmp_path, line, field):
    p = tmp_path / "bad.csv"
    p.write_text(f"customer_id,timestamp,amount\nc0,2024-01-01,1.00\n{line}\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    r = cli("rfm", p, "--as-of", "2024-01-02", "--out", out)
    assert r.code == 3, r
    assert "bad.csv" in r.err and "3" in r.err and field in r.err, r
    assert not out.exists()  # nothing written on failure


def test_usage_errors(cli, tx, db):
    assert cli("rfm", "--as-of", "2024-01-01").code == 2
    assert cli("rfm", tx, "--db", db, "--as-of", "2024-01-01").code == 2
    assert cli("rfm", tx).code == 2
    r = cli("rfm", tx, "--as-of", "2024-02-30")
    assert r.code == 3 and "--as-of" in r.err, r
    assert cli("rfm", tx.parent / "missing.csv", "--as-of", "2024-01-01").code == 3  # the caller named a file that is not there


def test_db_path_respects_roles(cli, team_db):
    path, customers = team_db
    for name in customers:
        r = cli("interaction", "add", path, "--customer", customers[name]["id"], "--kind", "purchase",
                "--at", "2024-04-01T10:00:00Z", "--amount", "12.34")
        assert r.code == 0, r
    everyone = cli("rfm", "--db", path, "--as-of", "2024-04-10")
    assert everyone.code == 0, everyone
    assert len(everyone.out.splitlines()) == 1 + len(customers)
    mine = cli("rfm", "--db", path, "--as-of", "2024-04-10", user="li.na")
    assert mine.code == 0, mine
    rows = mine.out.splitlines()[1:]
    assert 0 < len(rows) < len(customers)
    assert all(",12.34," in row for row in rows)
    stages = cli("lifecycle", "--db", path, "--as-of", "2024-04-10", user="li.na")
    assert stages.code == 0 and len(stages.out.splitlines()) == 1 + len(rows), stages


def test_integer_ids_sort_numerically_and_text_ids_by_bytes(cli, tmp_path):
    p = tmp_path / "ids.csv"
    p.write_text("customer_id,timestamp,amount\n10,2024-01-01,1\n9,2024-01-01,1\n-3,2024-01-01,1\n", encoding="utf-8")
    r = cli("rfm", p, "--as-of", "2024-01-01")
    assert [line.split(",")[0] for line in r.out.splitlines()[1:]] == ["-3", "9", "10"], r
    # One id that is not a plain integer ("007") makes every id text, kept as written.
    p.write_text("customer_id,timestamp,amount\n10,2024-01-01,1\n9,2024-01-01,1\n007,2024-01-01,1\n10,2024-01-01,1\n",
                 encoding="utf-8")
    r = cli("rfm", p, "--as-of", "2024-01-01")
    assert [line.split(",")[:3] for line in r.out.splitlines()[1:]] == [["007", "0", "1"], ["10", "0", "2"],
                                                                        ["9", "0", "1"]], r
    known = tmp_path / "known.csv"
    known.write_text("customer_id\nz\n9\n", encoding="utf-8")
    p.write_text("customer_id,timestamp,amount\n10,2024-01-01,1\n9,2024-01-01,1\n", encoding="utf-8")
    r = cli("lifecycle", p, "--as-of", "2024-01-01", "--customers", known)
    assert r.out.splitlines()[1:] == ["10,new,2024-01-01", "9,new,2024-01-01", "z,prospect,"], r


def test_large_file_read_in_two_parts_gives_every_row_once(cli, tmp_path):
    """Files over 32 MiB are read by two threads from a record boundary near the middle;
    quoted fields with line ends must not fool the cut, and line numbers stay right."""
    import csv
    import random

    rnd = random.Random(7)
    rows = []
    for i in range(850_000):
        note = '"two\nlines, ""quoted"""' if i % 997 == 0 else "plain"
        cents = rnd.randrange(-500, 90_000)
        rows.append(f"K{rnd.randrange(40_000)},2024-{1 + i % 9:02d}-{1 + i % 28:02d}T10:00:00Z,"
                    f"{cents // 100 if cents >= 0 else -(-cents // 100)}.{abs(cents) % 100:02d},{note}")
    p = tmp_path / "big.csv"
    p.write_text("customer_id,timestamp,amount,note\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert p.stat().st_size > 32 * 2**20
    r = cli("rfm", p, "--as-of", "2024-12-31")
    assert r.code == 0, r.err
    want = {}
    with open(p, newline="", encoding="utf-8") as f:
        for rec in csv.DictReader(f):
            freq, money, last = want.get(rec["customer_id"], (0, 0, ""))
            cents = round(float(rec["amount"]) * 100)
            want[rec["customer_id"]] = (freq + (cents >= 0), money + cents,
                                        max(last, rec["timestamp"][:10]) if cents >= 0 else last)
    got = {}
    for line in r.out.splitlines()[1:]:
        cid, _, freq, money = line.split(",")[:4]
        got[cid] = (int(freq), round(float(money) * 100))
    assert got == {k: (v[0], v[1]) for k, v in want.items() if v[0] > 0}

    bad_line = 800_000 + 1 + sum(1 for row in rows[:800_000] if "\n" in row)
    rows[800_000] = "K1,2024-01-01,1.234,x"
    p.write_text("customer_id,timestamp,amount,note\n" + "\n".join(rows) + "\n", encoding="utf-8")
    r = cli("rfm", p, "--as-of", "2024-12-31")
    assert r.code == 3 and f":{bad_line + 1}:" in r.err and "amount" in r.err, r.err


def test_db_amounts_in_the_counted_currency_decimals(cli, ok, db):
    # A yen store: amounts are whole yen (no minor unit), so 1,500 yen is "1500", never
    # "15.00" as when every store amount was read as hundredths.
    r = cli("customer", "add", db, "--given-name", "Aki", "--external-id", "J1")
    assert r.code == 0, r
    for amount in ("1500", "300"):
        r = cli("interaction", "add", db, "--customer", "J1", "--kind", "purchase", "--at", "2024-04-01T10:00:00Z",
                "--amount", amount, "--currency", "JPY")
        assert r.code == 0, r
    r = cli("rfm", "--db", db, "--as-of", "2024-04-10")
    assert r.code == 0, r
    assert r.out.splitlines()[1].startswith("J1,9,2,1800,"), r
    row = ok("rfm", "--db", db, "--as-of", "2024-04-10")[0]
    assert (row["monetary"], row["monetary_minor"]) == (1800, 1800)
    r = cli("cohorts", "--db", db, "--as-of", "2024-04-10")
    assert r.code == 0, r
    assert r.out.splitlines()[1] == "2024-04,0,1,1,1800,1", r


@pytest.mark.parametrize("name", ["orders.parquet", "orders.ARROW", "orders.feather"])
def test_parquet_and_arrow_files_are_sent_to_the_python_entry_point(cli, tmp_path, name):
    # The C++ CLI links no Arrow (docs/scale.md): it refuses before reading, naming the
    # command that reads the file, instead of failing on the bytes as a malformed CSV.
    path = tmp_path / name
    path.write_bytes(b"PAR1\x00\x00PAR1")
    r = cli("rfm", path, "--as-of", "2024-04-10")
    assert r.code == 2, r
    assert "python -m clientele rfm|lifecycle" in r.err and "clientele[arrow]" in r.err, r
    assert cli("lifecycle", path, "--as-of", "2024-04-10").code == 2
