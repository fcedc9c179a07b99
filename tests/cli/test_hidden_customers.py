"""A sales user learns nothing about customers they cannot see: wherever a customer is
named, a hidden one answers exactly like an unknown one (same exit code, same message with
the reference substituted), and a create or import whose key is held by a hidden customer
fails without saying "exists" or naming anything (docs/security.md)."""
import uuid

import pytest

UNKNOWN_UUID = str(uuid.UUID(int=0x1234_5678_9ABC_4DEF_8123_456789ABCDEF))

# Every command that names a customer, {ref} standing for it. li.na (sales, east) owns
# C-LI; C-SUN belongs to sun.li (west).
COMMANDS = [
    ["customer", "show", "{db}", "{ref}"],
    ["customer", "update", "{db}", "{ref}", "--set", "notes=x"],
    ["customer", "archive", "{db}", "{ref}"],
    ["customer", "delete", "{db}", "{ref}"],
    ["customer", "tag", "{db}", "{ref}", "--add", "x"],
    ["customer", "tag", "{db}", "{ref}", "--list"],
    ["points", "add", "{db}", "{ref}", "5"],
    ["points", "balance", "{db}", "{ref}"],
    ["points", "history", "{db}", "{ref}"],
    ["interaction", "add", "{db}", "--customer", "{ref}", "--kind", "call", "--at", "2024-01-01T00:00:00Z"],
    ["interaction", "list", "{db}", "--customer", "{ref}"],
    ["merge", "{db}", "{ref}", "C-LI"],
    ["merge", "{db}", "C-LI", "{ref}"],
    ["unmerge", "{db}", "{ref}"],
    ["merges", "{db}", "--customer", "{ref}"],
]


def answers(cli, db, command, ref, json=False):
    args = [a.format(db=db, ref=ref) for a in command] + (["--json"] if json else [])
    r = cli(*args, user="li.na")
    # The reference itself is the one thing allowed to differ.
    return r.code, r.out.replace(ref, "<REF>"), r.err.replace(ref, "<REF>")


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_a_hidden_customer_answers_like_an_unknown_one(cli, team_db, command):
    db, customers = team_db
    for json in (False, True):
        hidden_by_external_id = answers(cli, db, command, "C-SUN", json)
        assert hidden_by_external_id[0] != 0, hidden_by_external_id
        assert hidden_by_external_id == answers(cli, db, command, "C-NONE", json)
        assert answers(cli, db, command, customers["sun"]["id"], json) == answers(cli, db, command, UNKNOWN_UUID, json)


@pytest.mark.parametrize("how", [["--phone", "13900000003"], ["--phone", "13900000099"],
                                 ["--email", "nobody@example.com"]])
def test_lookups_by_contact_show_nothing_hidden(ok, team_db, how):
    db, _ = team_db
    assert ok("customer", "find", db, *how, user="li.na") == []


def test_a_create_whose_key_is_hidden_names_nothing(cli, ok, team_db, tmp_path):
    db, customers = team_db
    r = cli("customer", "add", db, "--name", "Mine", "--external-id", "C-SUN", user="li.na")
    assert r.code == 5, r
    assert "exist" not in r.err and "C-SUN" not in r.err and customers["sun"]["id"] not in r.err, r
    # An import meets the same answer, whether the hidden key is an external_id or a uuid.
    by_external_id = tmp_path / "a.csv"
    by_external_id.write_text("external_id,name\nC-SUN,Mine\n", encoding="utf-8")
    by_uuid = tmp_path / "b.csv"
    by_uuid.write_text(f"uuid,name\n{customers['sun']['id']},Mine\n", encoding="utf-8")
    reasons = []
    for f in (by_external_id, by_uuid):
        r = cli("import", db, f, "--json", user="li.na")
        assert r.code == 3, r
        reason = r.json()["errors"][0]["reason"]
        assert "exist" not in reason and "C-SUN" not in reason and customers["sun"]["id"] not in reason
        reasons.append(reason)
    assert reasons[0] == reasons[1]
    assert reasons[0] in cli("customer", "add", db, "--name", "Mine", "--external-id", "C-SUN", user="li.na").err
    # A key the user can see still says what is wrong, and an admin's import still updates
    # by external_id.
    r = cli("customer", "add", db, "--name", "Again", "--external-id", "C-LI", user="li.na")
    assert r.code == 5 and "already exists" in r.err, r
    report = ok("import", db, by_external_id)
    assert report["updated"] == 1 and report["created"] == 0
