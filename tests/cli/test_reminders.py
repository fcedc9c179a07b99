"""`clientele reminders ...` end to end (docs/reminders.md): the due list as a table, JSON
and CSV, --owner and roles, add / done / snooze / dismiss / rules, and the exit codes and
messages of bad input (nothing written)."""
import csv
import datetime as dt
import io
import json
import sqlite3

EXIT_USAGE, EXIT_INVALID, EXIT_NOT_FOUND, EXIT_DENIED = 2, 3, 4, 6
TODAY = dt.datetime.now(dt.timezone.utc).date()


def rows(path):
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute("SELECT * FROM reminders ORDER BY id").fetchall()
    finally:
        con.close()


def holidays_only(ok, db):
    rules = json.dumps({"birthday": False, "anniversary": False, "not_contacted": False, "reverify": False,
                        "win_back": False, "holiday_list": ["mid_autumn"]})
    return ok("reminders", "rules", db, "--set", rules)


def test_due_as_table_json_csv_and_by_owner(ok, cli, team_db, tmp_path):
    db, c = team_db
    assert holidays_only(ok, db)["holiday_list"] == ["mid_autumn"]
    due = ok("reminders", db, "--as-of", "2026-09-24", "--horizon", "7d")
    assert sorted(r["customer"] for r in due) == ["C-LI", "C-SUN", "C-WANG"]
    assert {r["due_on"] for r in due} == {"2026-09-25"} and {r["occasion"] for r in due} == {"mid_autumn"}
    assert ok("reminders", db, "--as-of", "2026-09-24") == due  # idempotent: nothing new
    assert len(rows(db)) == 3
    mine = ok("reminders", db, "--as-of", "2026-09-24", "--owner", "li.na")
    assert [r["customer"] for r in mine] == ["C-LI"] and mine[0]["owner"] == "li.na"
    assert [r["customer"] for r in ok("reminders", db, "--as-of", "2026-09-24", user="li.na")] == ["C-LI"]
    assert sorted(r["customer"] for r in ok("reminders", db, "--as-of", "2026-09-24", user="zhao.lei")) == \
        ["C-LI", "C-WANG"]
    table = cli("reminders", db, "--as-of", "2026-09-24", "--owner", "li.na")
    assert table.code == 0 and "DUE" in table.out and "中秋节" in table.out and "李雷" in table.out
    text = cli("reminders", db, "--as-of", "2026-09-24", "--csv")
    assert text.code == 0
    parsed = list(csv.DictReader(io.StringIO(text.out)))
    assert len(parsed) == 3 and parsed[0]["kind"] == "holiday" and parsed[0]["due_on"] == "2026-09-25"
    out = tmp_path / "due.csv"
    assert cli("reminders", db, "--as-of", "2026-09-24", "--out", out).code == 0
    assert out.read_text(encoding="utf-8") == text.out
    assert cli("reminders", db, "--as-of", "2026-05-01").out.startswith("(no reminders due")


def test_add_done_snooze_dismiss(ok, cli, team_db):
    db, c = team_db
    holidays_only(ok, db)
    r = ok("reminders", "add", db, "C-LI", "--due", TODAY.isoformat(), "--reason", "send the quote")
    assert r["kind"] == "follow_up" and r["owner"] == "li.na" and r["reason"] == "send the quote"
    s = ok("reminders", "snooze", db, str(r["id"]), "--until", (TODAY + dt.timedelta(days=2)).isoformat())
    assert s["status"] == "snoozed"
    assert [x["id"] for x in ok("reminders", db, "--as-of", TODAY.isoformat(), "--horizon", "1d")] == []
    d = ok("reminders", "done", db, str(r["id"]), "--record", "chat", "--channel", "wechat", "--note", "sent")
    assert d["status"] == "done" and d["note"] == "sent" and d["interaction"]
    chats = ok("interaction", "list", db, "--customer", "C-LI", "--kind", "chat")["items"]
    assert [i["id"] for i in chats] == [d["interaction"]] and chats[0]["channel"] == "wechat"
    r2 = ok("reminders", "add", db, "C-WANG", "--due", TODAY.isoformat())
    x = cli("reminders", "dismiss", db, str(r2["id"]), "--note", "moved away")
    assert x.code == 0 and "dismissed" in x.out
    # One customer's reminders of any status and day: the done follow-up is still there.
    mine = ok("reminders", db, "--customer", "C-LI")
    assert [(x["id"], x["status"]) for x in mine if x["kind"] == "follow_up"] == [(r["id"], "done")]
    table = cli("reminders", db, "--customer", "C-WANG")
    assert table.code == 0 and "STATUS" in table.out and "dismissed" in table.out
    assert cli("reminders", db, "--customer", "C-LI", "--as-of", TODAY.isoformat()).code == 2


def test_bad_input_exit_codes_and_nothing_written(ok, cli, team_db):
    db, c = team_db
    r = ok("reminders", "add", db, "C-LI", "--due", TODAY.isoformat())
    before = rows(db)
    past = (TODAY - dt.timedelta(days=1)).isoformat()
    x = cli("reminders", "snooze", db, str(r["id"]), "--until", past)
    assert x.code == EXIT_INVALID and "until" in x.err
    x = cli("reminders", "add", db, "C-LI", "--due", past)
    assert x.code == EXIT_INVALID and "due_on" in x.err
    x = cli("reminders", "done", db, "424242")
    assert x.code == EXIT_NOT_FOUND and "424242" in x.err
    x = cli("reminders", "rules", db, "--set", '{"not_contacted_days": -3}')
    assert x.code == EXIT_INVALID and "not_contacted_days" in x.err
    x = cli("reminders", "rules", db, "--set", '{"reverify_days": 30')
    assert x.code == EXIT_INVALID and "rules" in x.err
    x = cli("reminders", db, "--as-of", "2026-09-24", "--horizon", "soon")
    assert x.code == EXIT_INVALID and "--horizon" in x.err
    x = cli("reminders", db)
    assert x.code == EXIT_USAGE and "--as-of" in x.err
    x = cli("reminders", "dismiss", db, str(r["id"]), user="sun.li")
    assert x.code == EXIT_NOT_FOUND
    x = cli("reminders", "dismiss", db, str(r["id"]), user="kan.kan")
    assert x.code == EXIT_DENIED
    assert rows(db) == before
