"""`clientele customer duplicates` end to end (docs/dedupe.md): the per-insert check."""
import json

EXIT_USAGE, EXIT_INVALID = 2, 3


def test_finds_the_latin_spelling_by_phone(team_db, ok, cli):
    db, customers = team_db
    found = ok("customer", "duplicates", db, "--family-name", "Li", "--given-name", "Lei",
               "--phone", "139-0000-0001")
    assert [m["id"] for m in found] == [customers["li"]["id"]]
    assert found[0]["score"] > 0.9 and found[0]["display_name"] == "李雷"
    assert {f["field"] for f in found[0]["fields"]} >= {"phone", "given_name", "family_name"}

    text = cli("customer", "duplicates", db, "--family-name", "Li", "--given-name", "Lei", "--phone", "13900000001")
    assert text.code == 0, text
    assert customers["li"]["id"] in text.out and "phone +" in text.out

    # A stranger: nothing, and nothing was stored by asking.
    assert ok("customer", "duplicates", db, "--name", "赵六", "--phone", "13811110000") == []
    assert len(ok("customer", "list", db)["items"]) == 3


def test_from_json_and_threshold(team_db, ok, cli, tmp_path):
    db, customers = team_db
    probe = tmp_path / "probe.json"
    probe.write_text(json.dumps({"family_name": "李", "given_name": "雷", "birthday": "1990-01-01",
                                 "phones": [{"number": "13655556666"}]}), encoding="utf-8")
    # Same name, different phone: found by the name index, scored low.
    assert ok("customer", "duplicates", db, "--from-json", probe) == []
    low = ok("customer", "duplicates", db, "--from-json", probe, "--threshold", "0")
    assert [m["id"] for m in low] == [customers["li"]["id"]] and low[0]["score"] < 0.5

    r = cli("customer", "duplicates", db, "--from-json", probe, "--name", "x")
    assert r.code == EXIT_USAGE
    r = cli("customer", "duplicates", db, "--name", "x", "--threshold", "2")
    assert r.code == EXIT_USAGE
    r = cli("customer", "duplicates", db, "--name", "x", "--email", "not-an-email")
    assert r.code == EXIT_INVALID and "email" in r.err


def test_only_the_users_customers(team_db, ok):
    db, customers = team_db
    args = ("customer", "duplicates", db, "--name", "Sunny West", "--phone", "13900000003", "--threshold", "0")
    assert [m["id"] for m in ok(*args)] == [customers["sun"]["id"]]
    assert ok(*args, user="li.na") == []
