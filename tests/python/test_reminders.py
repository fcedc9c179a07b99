"""Care reminders from Python (docs/reminders.md): the due list as records and a DataFrame,
idempotent generation, follow-ups, done with an interaction, snooze, dismiss, the rules and
their bad input, roles. The rules themselves are tested against the core (tests/cpp)."""
from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

import clientele

TODAY = dt.datetime.now(dt.timezone.utc).date()


def reminder_rows(path) -> int:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute("SELECT count(*) FROM reminders").fetchone()[0]
    finally:
        con.close()


@pytest.fixture
def store(db):
    db.add_user({"username": "li.na", "role": "sales", "team": "east"})
    db.add_user({"username": "tom", "role": "sales", "team": "west"})
    db.set_reminder_rules(not_contacted=False, reverify=False, win_back=False, anniversary=False,
                          holiday_list=["mid_autumn"])
    db.create_customer(family_name="王", given_name="芳", external_id="W", owner="li.na", birthday="1990-09-27",
                       phones=[{"number": "13812345678"}], consent={"sms": {"status": "denied"}})
    db.create_customer(family_name="李", given_name="雷", external_id="L", owner="tom")
    return db


def test_due_records_and_dataframe(store, db_path):
    due = store.reminders("2026-09-24", "7d")
    assert isinstance(due, clientele.Records)
    got = sorted((r["customer"], r["kind"], r["occasion"], r["due_on"]) for r in due)
    assert got == [("L", "holiday", "mid_autumn", "2026-09-25"), ("W", "birthday", "", "2026-09-27"),
                   ("W", "holiday", "mid_autumn", "2026-09-25")]
    w = next(r for r in due if r["kind"] == "birthday")
    assert w["owner"] == "li.na" and w["channel"] == "phone" and w["reason"].startswith("birthday on 2026-09-27")
    frame = due.to_pandas()
    assert list(frame.columns)[:5] == ["id", "customer_id", "customer", "customer_name", "kind"]
    assert frame["due_on"].iloc[0] == dt.date(2026, 9, 25)
    # Idempotent: the same day again, and the next, create nothing.
    assert store.generate_reminders(dt.date(2026, 9, 24), 7) == 0
    assert len(store.reminders(dt.date(2026, 9, 25), dt.timedelta(days=7))) == 3
    assert reminder_rows(db_path) == 3


def test_roles(store, db_path):
    store.reminders("2026-09-24")
    with clientele.Database(db_path, user="li.na") as li:
        assert {r["customer"] for r in li.reminders("2026-09-24")} == {"W"}
        tom_reminder = next(r for r in store.reminders("2026-09-24", owner="tom"))
        with pytest.raises(clientele.NotFoundError):
            li.dismiss_reminder(tom_reminder["id"])
        with pytest.raises(clientele.PermissionDeniedError):
            li.set_reminder_rules(birthday=False)


def test_follow_up_done_with_interaction(store):
    r = store.add_follow_up("W", TODAY + dt.timedelta(days=1), "quote", note="wants blue")
    assert r["kind"] == "follow_up" and r["status"] == "open" and r["owner"] == "li.na"
    done = store.complete_reminder(r["id"], kind="chat", channel="wechat", subject="quote sent", note="ok")
    assert done["status"] == "done" and done["interaction"]
    chats = store.list_interactions(customer="W", kind="chat")
    assert [i["id"] for i in chats] == [done["interaction"]]
    with pytest.raises(clientele.InvalidInputError) as e:
        store.complete_reminder(r["id"])
    assert e.value.field == "status"


def test_snooze_and_dismiss(store):
    r = store.add_follow_up("W", TODAY, "call back")
    snoozed = store.snooze_reminder(r["id"], TODAY + dt.timedelta(days=3))
    assert snoozed["status"] == "snoozed" and snoozed["snoozed_until"] == (TODAY + dt.timedelta(days=3)).isoformat()
    assert r["id"] not in [x["id"] for x in store.reminders(TODAY, 0)]
    assert r["id"] in [x["id"] for x in store.reminders(TODAY, 3)]
    assert store.dismiss_reminder(r["id"], "not needed")["status"] == "dismissed"
    assert store.reminder(r["id"])["note"] == "not needed"
    # Gone from the due list, kept in the customer's own list.
    assert r["id"] not in [x["id"] for x in store.reminders(TODAY, 30)]
    mine = store.customer_reminders("W")
    assert [(x["id"], x["status"], x["note"]) for x in mine if x["id"] == r["id"]] == [(r["id"], "dismissed", "not needed")]
    assert {x["customer"] for x in mine} == {"W"}


def test_bad_input_names_the_field_and_writes_nothing(store, db_path):
    r = store.add_follow_up("W", TODAY, "call back")
    before = reminder_rows(db_path), store.reminder_rules()
    cases = [
        (lambda: store.snooze_reminder(r["id"], TODAY - dt.timedelta(days=1)), "until"),
        (lambda: store.add_follow_up("W", TODAY - dt.timedelta(days=2)), "due_on"),
        (lambda: store.set_reminder_rules(not_contacted_days=-7), "not_contacted_days"),
        (lambda: store.set_reminder_rules(not_contacted_days_by_tier={"high": -1}), "not_contacted_days_by_tier.high"),
        (lambda: store.set_reminder_rules(holiday_list=["diwali"]), "holidays"),
        (lambda: store.set_reminder_rules(colour="red"), "colour"),
    ]
    for call, field in cases:
        with pytest.raises(clientele.InvalidInputError) as e:
            call()
        assert e.value.field == field
    with pytest.raises(clientele.NotFoundError):
        store.dismiss_reminder(987654)
    with pytest.raises(ValueError):
        store.reminders(TODAY, "soon")
    assert (reminder_rows(db_path), store.reminder_rules()) == before
