"""Users and settings through the Python API, and the package surface."""
from __future__ import annotations

import pytest

import clientele


def test_package_surface():
    assert clientele.__version__.count(".") == 2
    assert isinstance(clientele.schema_version, int) and clientele.schema_version >= 1
    for name in clientele.__all__:
        assert hasattr(clientele, name), name


def test_first_user_is_the_admin(db):
    users = db.list_users()
    assert [u["username"] for u in users] == ["admin"]
    assert users[0]["role"] == "admin"
    assert isinstance(users, clientele.Records) and users.kind == "user"


def test_add_update_get_users(db):
    li = db.add_user({"username": "li.na", "display_name": "李娜", "role": "sales", "team": "east"})
    assert li["role"] == "sales" and li["active"] is True and li["display_name"] == "李娜"
    assert db.get_user("li.na") == li
    moved = db.update_user("li.na", {"team": "west"})
    assert moved["team"] == "west"
    promoted = db.update_user("li.na", role="manager", active=False)
    assert (promoted["role"], promoted["active"], promoted["team"]) == ("manager", False, "west")
    assert sorted(u["username"] for u in db.list_users()) == ["admin", "li.na"]


def test_bad_users_are_rejected(db, db_path, state):
    db.add_user(username="taken", role="sales")
    before = state(db_path)
    with pytest.raises(clientele.InvalidInputError) as err:
        db.add_user(username="x", role="emperor")
    assert err.value.field == "role"
    with pytest.raises(clientele.ConflictError):
        db.add_user(username="taken", role="viewer")
    with pytest.raises(clientele.NotFoundError):
        db.update_user("nobody", role="sales")
    with pytest.raises(clientele.NotFoundError):
        db.get_user("nobody")
    assert state(db_path) == before


def test_owner_must_be_a_user(db, db_path, state):
    before = state(db_path)
    with pytest.raises(clientele.InvalidInputError) as err:
        db.create_customer(given_name="Orphan", owner="ghost")
    assert err.value.field == "owner"
    assert state(db_path) == before


def test_settings(db, db_path, state):
    assert db.setting("default_region") == "CN"
    assert db.setting("default_currency") == "CNY"
    db.set_setting("default_region", "US")
    c = db.create_customer(given_name="Yank", phones=[{"number": "(201) 555-0123"}])
    assert c["phones"][0]["e164"] == "+12015550123"
    before = state(db_path)
    with pytest.raises(clientele.InvalidInputError):
        db.set_setting("default_region", "Atlantis")
    with pytest.raises(clientele.InvalidInputError):
        db.set_setting("favourite_colour", "blue")
    assert state(db_path) == before


def test_normalizers():
    assert clientele.normalize_email("  Zhang.Wei@Example.COM ") == "zhang.wei@example.com"
    assert clientele.normalize_phone("138 1234 5678") == "+8613812345678"
    assert clientele.normalize_phone("(201) 555-0123", "US") == "+12015550123"
    with pytest.raises(clientele.InvalidInputError):
        clientele.normalize_email("nope")
    with pytest.raises(clientele.InvalidInputError):
        clientele.normalize_phone("not a number")
