"""Who sees and changes what: the core enforces it, Python must forward it faithfully.

sales: only customers they own (others' do not exist for them); manager: their team's;
viewer: reads everything, changes nothing; read-only connections change nothing.
"""
from __future__ import annotations

import pytest

import clientele

DENIED = (clientele.NotFoundError, clientele.PermissionDeniedError)


def reaches(db, customer):
    """Every way a user can reach for a customer, as (name, call) pairs."""
    ref = customer["id"]
    return [
        ("get_customer", lambda: db.get_customer(ref)),
        ("get_customer by external id", lambda: db.get_customer(customer["external_id"])),
        ("update_customer", lambda: db.update_customer(ref, {"notes": "mine now"}, customer["version"])),
        ("save_customer", lambda: db.save_customer({**customer, "notes": "mine now"})),
        ("archive_customer", lambda: db.archive_customer(ref)),
        ("delete_customer", lambda: db.delete_customer(ref)),
        ("tags", lambda: db.tags(ref)),
        ("add_tags", lambda: db.add_tags(ref, ["stolen"])),
        ("remove_tags", lambda: db.remove_tags(ref, customer["tags"])),
        ("add_interaction", lambda: db.add_interaction(
            customer_id=ref, kind="call", occurred_at="2024-05-01T00:00:00Z")),
        ("add_interaction by external id", lambda: db.add_interaction(
            customer_external_id=customer["external_id"], kind="note",
            occurred_at="2024-05-01T00:00:00Z")),
    ]


@pytest.mark.parametrize("name", [n for n, _ in reaches(None, {"id": "x", "external_id": "y",
                                                               "version": 1, "tags": []})])
def test_sales_cannot_reach_another_users_customer(team, state, name):
    before = state(team.path)
    with team.open("bob") as bob:
        call = dict(reaches(bob, team.alice_c))[name]
        with pytest.raises(DENIED):
            call()
    assert state(team.path) == before


def test_sales_cannot_see_another_users_customer_in_lookups(team):
    with team.open("bob") as bob:
        assert bob.find_customer(team.alice_c["id"]) is None
        assert bob.find_by_email("annabel@example.com") == []
        assert bob.find_by_phone("13800000001") == []
        assert bob.search_customers("Annabel") == []
        assert [c["id"] for c in bob.search_customers("Quist")] == [team.bob_c["id"]]
        assert [c["id"] for c in bob.iter_customers()] == [team.bob_c["id"]]
        assert bob.count_customers() == 1
        assert bob.count_customers(owner="alice") == 0
        assert bob.list_customers(tag="alice-tag").items == []
        assert "alice-tag" not in bob.all_tags()
        assert bob.count_interactions() == 1
        assert all(i["customer_id"] == team.bob_c["id"] for i in bob.iter_interactions())
        try:
            assert bob.list_interactions(customer=team.alice_c["id"]).items == []
        except DENIED:
            pass
        assert bob.stats()["customers"] == 1


def test_sales_can_work_with_their_own_customers(team):
    with team.open("bob") as bob:
        c = bob.update_customer(team.bob_c["id"], {"notes": "called"}, team.bob_c["version"])
        assert c["notes"] == "called"
        assert bob.add_tags(c["id"], ["warm"]) == ["bob-tag", "warm"]
        new = bob.create_customer(given_name="Newcomer")
        assert new["owner"] == "bob"  # a sales user's customers are always their own


def test_sales_cannot_give_a_customer_away(team, state):
    before = state(team.path)
    with team.open("bob") as bob:
        with pytest.raises(clientele.PermissionDeniedError):
            bob.update_customer(team.bob_c["id"], {"owner": "alice"}, team.bob_c["version"])
    assert state(team.path) == before


def test_manager_sees_their_team_only(team, state):
    with team.open("carol") as carol:
        seen = {c["id"] for c in carol.iter_customers()}
        assert seen == {team.alice_c["id"], team.bob_c["id"]}
        assert carol.find_customer(team.dave_c["id"]) is None
        assert carol.find_by_email("dmitri@example.com") == []
        before = state(team.path)
        for _, call in reaches(carol, team.dave_c):
            with pytest.raises(DENIED):
                call()
        assert state(team.path) == before
        # within the team a manager may reassign
        moved = carol.update_customer(team.alice_c["id"], {"owner": "bob"}, team.alice_c["version"])
        assert moved["owner"] == "bob"


def test_viewer_reads_everything_and_changes_nothing(team, state):
    before = state(team.path)
    with team.open("vera") as vera:
        assert vera.count_customers() == 3
        assert vera.get_customer(team.dave_c["id"])["id"] == team.dave_c["id"]
        for name, call in reaches(vera, team.alice_c):
            if name in ("get_customer", "get_customer by external id", "tags"):
                call()
                continue
            with pytest.raises(clientele.PermissionDeniedError):
                call()
        with pytest.raises(clientele.PermissionDeniedError):
            vera.create_customer(given_name="Nope")
        with pytest.raises(clientele.PermissionDeniedError):
            vera.create_customers([{"given_name": "Nope"}])
    assert state(team.path) == before


def test_only_admins_manage_users_and_settings(team, state):
    before = state(team.path)
    for user in ("alice", "carol", "vera"):
        with team.open(user) as db:
            with pytest.raises(clientele.PermissionDeniedError):
                db.add_user(username="mallory", role="admin")
            with pytest.raises(clientele.PermissionDeniedError):
                db.update_user("alice", role="admin")
            with pytest.raises(clientele.PermissionDeniedError):
                db.set_setting("default_region", "US")
    assert state(team.path) == before


def test_read_only_connection_changes_nothing(team, state):
    before = state(team.path)
    with team.open("admin", read_only=True) as ro:
        assert ro.count_customers() == 3
        assert ro.get_customer(team.alice_c["id"])["id"] == team.alice_c["id"]
        ref = team.alice_c["id"]
        for call in [
            lambda: ro.create_customer(given_name="No"),
            lambda: ro.create_customers([{"given_name": "No"}]),
            lambda: ro.update_customer(ref, {"notes": "x"}, team.alice_c["version"]),
            lambda: ro.archive_customer(ref),
            lambda: ro.delete_customer(ref),
            lambda: ro.add_tags(ref, ["x"]),
            lambda: ro.add_interaction(customer_id=ref, kind="note", occurred_at="2024-01-01"),
            lambda: ro.add_user(username="x", role="sales"),
            lambda: ro.set_setting("default_region", "US"),
        ]:
            with pytest.raises(clientele.StorageError):
                call()
        with pytest.raises(clientele.StorageError):
            with ro.transaction():
                pass
    assert state(team.path) == before


def test_unknown_user_cannot_open(team):
    with pytest.raises(clientele.NotFoundError):
        team.open("mallory")


def test_deactivated_user_cannot_open(team):
    with team.open("admin") as admin:
        admin.update_user("dave", active=False)
    with pytest.raises(clientele.PermissionDeniedError):
        team.open("dave")
