"""`clientele anonymize | subject-export | retention` and `--purpose marketing` end to end
(docs/privacy.md): what leaves the file, what is written for the person, what is deleted,
who may do it, and the exit codes of refusals."""
import csv
import json
import sqlite3

EXIT_USAGE, EXIT_INVALID, EXIT_NOT_FOUND, EXIT_CONFLICT, EXIT_DENIED = 2, 3, 4, 5, 6


def _people(ok, db):
    people = db.parent / "people.jsonl"
    people.write_text(
        json.dumps({"family_name": "张", "given_name": "伟", "phones": [{"number": "13812345678"}],
                    "emails": [{"address": "zhang.wei@example.com"}], "external_id": "Z1", "consent": {"sms": "granted"}},
                   ensure_ascii=False) + "\n"
        + json.dumps({"display_name": "Ann Lee", "external_id": "A1", "consent": {"sms": "denied"}}) + "\n",
        encoding="utf-8")
    ok("customer", "add", db, "--from-json", people)
    ok("interaction", "add", db, "--customer", "Z1", "--kind", "purchase", "--amount", "12.50",
       "--subject", "order for Zhang Wei", "--at", "2024-01-02T10:00:00Z")


def test_anonymize_takes_the_person_out_of_the_file(cli, ok, db):
    _people(ok, db)
    c = ok("anonymize", db, "Z1")
    assert c["status"] == "anonymized" and c["emails"] == [] and c["phones"] == []
    assert ok("customer", "show", db, c["id"])["display_name"] == "(anonymized)"
    assert cli("customer", "show", db, "Z1").code == EXIT_NOT_FOUND  # the external id went too
    # The purchase stays for the numbers, without its free text.
    [i] = ok("interaction", "list", db, "--customer", c["id"])["items"]
    assert i["amount_minor"] == 1250 and "subject" not in i
    con = sqlite3.connect(db)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    raw = db.read_bytes()
    for secret in ("13812345678", "zhang.wei@example.com", "order for Zhang Wei"):
        assert secret.encode() not in raw, secret
    assert cli("anonymize", db, "NOBODY").code == EXIT_NOT_FOUND


def test_subject_export_writes_every_file_once(cli, ok, db, tmp_path):
    _people(ok, db)
    ok("case", "open", db, "--customer", "Z1", "--subject", "parcel lost", "--note", "wants a refund")
    out = tmp_path / "request-17"
    r = ok("subject-export", db, "Z1", "--out", out)
    assert [p.rsplit("/", 1)[1] for p in r["files"]] == [
        "subject.json", "profile.csv", "interactions.csv", "points.csv", "reminders.csv", "cases.csv"]
    assert r["cases"] == 1
    with open(out / "cases.csv", encoding="utf-8-sig", newline="") as f:
        events = list(csv.DictReader(f))
    assert [(e["event"], e["note"]) for e in events] == [("open", "wants a refund")]
    doc = json.loads((out / "subject.json").read_text(encoding="utf-8"))
    assert doc["customer"]["emails"][0]["address"] == "zhang.wei@example.com"
    with open(out / "profile.csv", encoding="utf-8", newline="") as f:
        profile = {row[0]: row[1] for row in csv.reader(f)}
    assert profile["family_name"] == "张"
    again = cli("subject-export", db, "Z1", "--out", out)
    assert again.code == EXIT_CONFLICT and "exists" in again.err


def test_retention_dry_run_lists_and_apply_deletes(cli, ok, db):
    _people(ok, db)
    ok("customer", "add", db, "--name", "Old Prospect", "--external-id", "P1")
    ok("interaction", "add", db, "--customer", "P1", "--kind", "call", "--at", "2015-01-02T10:00:00Z")
    dry = ok("retention", db, "--as-of", "2026-12-01", "--prospect-days", "1000")
    assert dry["dry_run"] is True and [c["external_id"] for c in dry["customers"]] == ["P1"]
    assert ok("customer", "show", db, "P1")["external_id"] == "P1"
    text = cli("retention", db, "--as-of", "2026-12-01", "--prospect-days", "1000")
    assert text.code == 0 and "would delete 1 customer" in text.out
    done = ok("retention", db, "--as-of", "2026-12-01", "--prospect-days", "1000", "--apply")
    assert done["dry_run"] is False
    assert cli("customer", "show", db, "P1").code == EXIT_NOT_FOUND
    assert ok("customer", "show", db, "A1")["external_id"] == "A1"
    assert cli("retention", db, "--as-of", "someday", "--prospect-days", "1").code == EXIT_INVALID
    assert cli("retention", db, "--as-of", "2026-12-01", "--prospect-days", "-1").code == EXIT_INVALID
    assert cli("retention", db, "--prospect-days", "1").code == EXIT_USAGE


def test_marketing_purpose_covers_only_those_who_consented(cli, ok, db, tmp_path):
    _people(ok, db)
    listed = ok("customer", "list", db, "--purpose", "marketing", "--channel", "sms")["items"]
    assert [c["external_id"] for c in listed] == ["Z1"]
    out = tmp_path / "sms.csv"
    r = cli("export", db, "--purpose", "marketing", "--channel", "sms", "--out", out)
    assert r.code == 0, r
    body = out.read_text(encoding="utf-8")
    assert "Z1" in body and "A1" not in body
    assert cli("customer", "list", db, "--purpose", "marketing").code == EXIT_INVALID  # which channel?
    assert cli("customer", "list", db, "--purpose", "marketing", "--channel", "pigeon").code == EXIT_INVALID
    assert cli("customer", "list", db, "--purpose", "spam").code == EXIT_INVALID
    bad = cli("export", db, "--type", "interactions", "--purpose", "marketing", "--channel", "sms")
    assert bad.code == EXIT_INVALID and "--purpose" in bad.err


def test_only_admins_make_privacy_requests(cli, ok, team_db, tmp_path):
    db, _ = team_db
    assert cli("anonymize", db, "C-LI", user="li.na").code == EXIT_DENIED
    assert cli("subject-export", db, "C-LI", "--out", tmp_path / "x", user="li.na").code == EXIT_DENIED
    assert not (tmp_path / "x" / "subject.json").exists()
    assert cli("retention", db, "--as-of", "2030-01-01", "--prospect-days", "1", user="zhao.lei").code \
        == EXIT_DENIED
    assert ok("customer", "show", db, "C-LI")["family_name"] == "李"
