"""clientele dedupe FILE.csv: id,cluster_id for every row, review pairs, explanations, errors."""
import csv
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def read_out(path):
    with open(path, newline="", encoding="utf-8") as f:
        return {r["id"]: r["cluster_id"] for r in csv.DictReader(f)}


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """A small multilingual set from the repo's generator, with its truth."""
    out = tmp_path_factory.mktemp("set")
    subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "generate_dedupe_set.py"), "--records", "2000",
                    "--seed", "3", "--out", str(out)], check=True)
    return out


def pair_set(assign):
    groups = {}
    for k, c in assign.items():
        groups.setdefault(c, []).append(k)
    return {(a, b) for g in groups.values() for a in g for b in g if a < b}


def test_dedupe_writes_every_row_and_finds_the_duplicates(cli, sample, tmp_path):
    out = tmp_path / "clusters.csv"
    r = cli("dedupe", sample / "customers.csv", "--out", out, "--json")
    assert r.code == 0, r
    summary = r.json()
    with open(sample / "customers.csv", encoding="utf-8") as f:
        ids = [row["id"] for row in csv.DictReader(f)]
    got = read_out(out)
    assert list(got) == ids  # every row, in input order
    assert summary["records"] == len(ids)
    truth = read_out_truth(sample / "truth.csv")
    p, t = pair_set(got), pair_set(truth)
    precision, recall = len(p & t) / max(len(p), 1), len(p & t) / max(len(t), 1)
    assert precision > 0.9 and recall > 0.85, (precision, recall)


def read_out_truth(path):
    with open(path, newline="", encoding="utf-8") as f:
        return {r["id"]: r["entity_id"] for r in csv.DictReader(f)}


def test_dedupe_to_stdout_review_file_and_threshold(cli, sample, tmp_path):
    review = tmp_path / "review.csv"
    r = cli("dedupe", sample / "customers.csv", "--review", review, "--threshold", "0.99")
    assert r.code == 0, r
    lines = r.out.splitlines()
    assert lines[0] == "id,cluster_id" and len(lines) == 2001
    with open(review, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows and set(rows[0]) == {"id_a", "id_b", "probability", "same_cluster"}
    assert all(0.5 <= float(x["probability"]) for x in rows)


def test_dedupe_explain_names_fields(cli, tmp_path):
    f = tmp_path / "in.csv"
    f.write_text("id,name,phone,email\n1,张伟,138-1234-5678,\n2,Zhang Wei,+86 13812345678,zw@x.cn\n3,李娜,13900000000,\n",
                 encoding="utf-8")
    r = cli("dedupe", f, "--explain", "1,2", "--json")
    assert r.code == 0, r
    e = r.json()[0]
    fields = {x["field"]: x for x in e["fields"]}
    assert fields["phone"]["level"] == "exact"
    assert fields["family_name"]["level"] in ("exact", "same sound (pinyin/alias)")
    assert cli("dedupe", f, "--explain", "1,99").code == 4  # no such id: not found


def test_dedupe_bad_input(cli, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text('id,name\n1,"unclosed\n', encoding="utf-8")
    r = cli("dedupe", bad, "--out", tmp_path / "o.csv")
    assert r.code == 3 and "bad.csv" in r.err, r
    nonames = tmp_path / "nonames.csv"
    nonames.write_text("city\nBerlin\n", encoding="utf-8")
    r = cli("dedupe", nonames)
    assert r.code == 3 and "no name" in r.err, r
    assert cli("dedupe", tmp_path / "missing.csv").code == 3  # a missing input file is the caller's error
    assert cli("dedupe", nonames, "--threshold", "2").code == 2
    one = tmp_path / "one.csv"
    one.write_text("id,name\nx,😀\n", encoding="utf-8")
    r = cli("dedupe", one)
    assert r.code == 0 and r.out.splitlines() == ["id,cluster_id", "x,0"], r
    empty = tmp_path / "empty.csv"
    empty.write_text("id,name\n", encoding="utf-8")
    r = cli("dedupe", empty)
    assert r.code == 0 and r.out.splitlines() == ["id,cluster_id"], r


def test_dedupe_db_reports_the_store_clusters(cli, tmp_path):
    db = tmp_path / "shop.db"
    assert cli("init", db).code == 0
    assert cli("customer", "add", db, "--given-name", "伟", "--family-name", "张", "--phone", "138-1234-5678").code == 0
    assert cli("customer", "add", db, "--name", "Zhang Wei", "--phone", "+86 13812345678").code == 0
    assert cli("customer", "add", db, "--name", "李娜", "--phone", "13900001111").code == 0
    out = tmp_path / "clusters.csv"
    r = cli("dedupe", "--db", db, "--out", out, "--json")
    assert r.code == 0, r
    assert r.json()["records"] == 3 and r.json()["clusters"] == 2
    clusters = list(read_out(out).values())
    assert sorted(clusters.count(c) for c in set(clusters)) == [1, 2]
    # --apply merges the one cluster above the threshold; the merged record drops out of
    # the next run, and unmerge brings both back.
    r = cli("dedupe", "--db", db, "--apply", "--out", out, "--json")
    assert r.code == 0, r
    assert r.json()["merged_clusters"] == 1 and r.json()["failed_clusters"] == 0, r
    merges = cli("merges", db, "--json")
    assert merges.code == 0 and len(merges.json()) == 1, merges
    r = cli("dedupe", "--db", db, "--out", out, "--json")
    assert r.code == 0 and r.json()["records"] == 2 and r.json()["clusters"] == 2, r
    survivor = merges.json()[0]["survivor"]
    assert cli("unmerge", db, survivor).code == 0
    r = cli("dedupe", "--db", db, "--out", out, "--json")
    assert r.code == 0 and r.json()["records"] == 3 and r.json()["clusters"] == 2, r
    assert cli("dedupe", tmp_path / "x.csv", "--db", db).code == 2
    assert cli("dedupe", "--db", tmp_path / "missing.db").code == 4
