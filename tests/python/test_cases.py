"""Service cases from Python (docs/service.md): open, update and history, the workflow's
refusals naming the field with nothing changed, breaches and escalation, roles, the SLA
policy, cases as records and a DataFrame, and the service report as a DataFrame."""
from __future__ import annotations

import datetime as dt
import math

import pytest

import clientele
from clientele import ConflictError, InvalidInputError, NotFoundError, PermissionDeniedError


@pytest.fixture
def team(db):
    db.add_user({"username": "mia", "role": "manager", "team": "east"})
    db.add_user({"username": "li.na", "role": "sales", "team": "east"})
    db.add_user({"username": "tom", "role": "sales", "team": "west"})
    db.add_user({"username": "vic", "role": "viewer"})
    db.create_customer(family_name="张", given_name="伟", external_id="E1", owner="li.na")
    db.create_customer(family_name="王", given_name="芳", external_id="W1", owner="tom")
    return db


def test_open_update_and_history(team):
    # Tuesday 09:00 at +08:00; high priority: first response in 4h, resolution in 16h of business time.
    c = team.open_case("E1", priority="high", subject="late delivery", channel="phone",
                       at=dt.datetime(2026, 12, 1, 1, tzinfo=dt.timezone.utc))
    assert c["status"] == "open" and c["assignee"] == "li.na" and c["owner"] == "li.na"
    assert c["first_response_due"] == "2026-12-01T05:00:00Z"
    assert c["resolution_due"] == "2026-12-02T08:00:00Z"
    assert team.get_interaction(c["interaction_id"])["complaint_status"] == "open"
    c = team.update_case(c["id"], status="in_progress", at="2026-12-01T02:00:00Z", note="called back")
    assert c["first_responded_at"] == "2026-12-01T02:00:00Z"
    c = team.update_case(c["id"], status="resolved", at="2026-12-01T06:00:00Z")
    assert c["resolved_at"] == "2026-12-01T06:00:00Z" and c["breached"] is False
    history = team.get_case(c["id"])["history"]
    assert [(h["action"], h.get("to")) for h in history] == [("open", "open"), ("status", "in_progress"),
                                                            ("status", "resolved")]
    assert history[1]["user"] == "admin" and history[1]["note"] == "called back"
    assert clientele.CASE_STATUSES["suggestion"] == ("open", "under_review", "accepted", "declined", "closed")


def test_refusals_name_the_field_and_change_nothing(team, db_path):
    from conftest import snapshot

    c = team.open_case("E1", at="2026-12-01T01:00:00Z")
    before = snapshot(db_path)
    cases_before = team.cases()
    with pytest.raises(InvalidInputError) as e:
        team.update_case(c["id"], status="closed")
    assert e.value.field == "status"
    with pytest.raises(InvalidInputError) as e:
        team.update_case(c["id"], resolution_due="2020-01-01")
    assert e.value.field == "resolution_due"
    with pytest.raises(InvalidInputError) as e:
        team.open_case("E1", priority="asap")
    assert e.value.field == "priority"
    with pytest.raises(InvalidInputError) as e:
        team.open_case("E1", at="2999-01-01T00:00:00Z")  # not happened yet
    assert e.value.field == "at"
    with pytest.raises(InvalidInputError) as e:
        team.set_sla_policy({"hours": "9-5"})
    assert e.value.field == "hours"
    with pytest.raises(NotFoundError):
        team.update_case(99, note="x")
    with pytest.raises(ConflictError):
        team.open_case(interaction=c["interaction_id"])
    assert snapshot(db_path) == before
    assert team.cases() == cases_before


def test_breaches_escalation_and_roles(team, db_path):
    e1 = team.open_case("E1", priority="urgent", at="2026-12-01T01:00:00Z")
    w1 = team.open_case("W1", priority="urgent", at="2026-12-01T01:00:00Z")
    assert {c["id"] for c in team.cases(breached_as_of="2026-12-01T01:30:00Z")} == set()
    assert {c["id"] for c in team.cases(breached_as_of="2026-12-01T02:30:00Z")} == {e1["id"], w1["id"]}
    escalated = team.escalate_cases(dt.datetime(2026, 12, 1, 6, tzinfo=dt.timezone.utc))
    assert [(c["id"], c["escalated_to"]) for c in escalated] == [(e1["id"], "mia")]  # west has no manager
    assert list(team.escalate_cases("2026-12-01T06:00:00Z")) == []
    with clientele.Database(db_path, user="li.na") as li:
        assert [c["id"] for c in li.cases()] == [e1["id"]]
        with pytest.raises(NotFoundError):
            li.get_case(w1["id"])
    with clientele.Database(db_path, user="mia") as mia:
        assert [c["id"] for c in mia.cases()] == [e1["id"]]
    with clientele.Database(db_path, user="vic") as vic:
        assert len(vic.cases()) == 2
        with pytest.raises(PermissionDeniedError):
            vic.update_case(e1["id"], note="x")


def test_sla_policy_and_frames(team):
    team.set_sla_policy({"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "hours": "00:00-24:00",
                         "priorities": {"normal": {"first_response": "30m", "resolution": "2h"}}})
    policy = team.sla_policy()
    assert policy["hours"] == "00:00-24:00" and policy["priorities"]["normal"]["resolution"] == "2h"
    c = team.open_case("E1", type="suggestion", at="2026-12-04T10:00:00Z")  # every hour of every day works under this policy
    assert c["type"] == "suggestion" and c["resolution_due"] == "2026-12-04T12:00:00Z"
    frame = team.cases().to_pandas()
    assert list(frame["id"]) == [c["id"]]
    second = team.open_case("E1", at="2026-12-04T11:00:00Z")
    page = team.cases(limit=1)
    assert [x["id"] for x in page] == [second["id"]] and page.has_more
    assert [x["id"] for x in page.next_page()] == [c["id"]]
    assert str(frame["opened_at"].dtype).startswith("datetime64") and frame["breached"].dtype == bool


def test_service_report_frame(team):
    for customer, when, nps, csat in [("E1", "2026-11-03", 10, 5), ("E1", "2026-11-04", 2, None),
                                      ("W1", "2026-12-02", 9, 4), ("W1", "2026-12-03", None, None)]:
        team.add_interaction(customer=customer, kind="survey", occurred_at=when, channel="wechat",
                             **({"nps": nps} if nps is not None else {}), **({"csat": csat} if csat else {}))
    c = team.open_case("E1", at="2026-12-01T01:00:00Z")
    team.update_case(c["id"], status="in_progress", at="2026-12-01T04:00:00Z")
    report = team.service_report("2026-11-01", dt.date(2026, 12, 31))
    all_ = report[report["dimension"] == "all"].iloc[0]
    assert (all_["surveys"], all_["answered"], all_["promoters"], all_["detractors"]) == (4, 3, 2, 1)
    assert all_["nps"] == pytest.approx(100 * (2 - 1) / 3)
    assert all_["csat_mean"] == pytest.approx(4.5) and all_["response_rate"] == pytest.approx(0.75)
    assert all_["complaints"] == 1 and all_["first_response_median_hours"] == pytest.approx(3.0)
    owners = report[report["dimension"] == "owner"].set_index("group")
    assert owners.loc["tom", "surveys"] == 2 and math.isnan(owners.loc["tom", "first_response_median_hours"])
    assert set(report["dimension"]) == {"all", "month", "owner", "channel", "segment", "value_tier", "stage"}
    with pytest.raises(InvalidInputError) as e:
        team.service_report("2026-12-31", "2026-11-01")
    assert e.value.field == "to"
