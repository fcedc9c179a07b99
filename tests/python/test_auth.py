"""Credentials through Python: open with user + password, refusals alike and logged,
lockout and its end, password change and admin reset, trusted-host mode."""
import time

import pytest

import clientele

ADMIN_PW = "admin-secret-1"
SALES_PW = "sales-secret-1"


@pytest.fixture
def path(tmp_path):
    p = tmp_path / "auth.db"
    with clientele.Database(p, create=True) as db:
        db.add_user({"username": "li.na", "role": "sales"})
        db.reset_password("admin", ADMIN_PW)
        db.reset_password("li.na", "temporary-pw")
        db.require_auth(True)
        db.set_setting("auth.lockout_attempts", "3")
        db.set_setting("auth.lockout_seconds", "2")
    clientele.Database(p, "li.na", password="temporary-pw", new_password=SALES_PW).close()
    return p


def refusal(path, user, **kw):
    with pytest.raises(clientele.PermissionDeniedError) as e:
        clientele.Database(path, user, **kw)
    return str(e.value)


def auth_log(path):
    with clientele.Database(path, password=ADMIN_PW) as db:
        return list(db.auth_log())[:-1]  # without the admin's own login


def test_database_without_required_credentials_opens_as_before(tmp_path):
    clientele.Database(tmp_path / "a.db", create=True).close()
    with clientele.Database(tmp_path / "a.db") as db:
        assert db.user["username"] == "admin"
    assert clientele.read_auth_policy(tmp_path / "a.db") == {
        "required": False, "trusted_host_allowed": False, "os_user_allowed": False}


def test_right_password_opens_wrong_refused_and_logged(path):
    with clientele.Database(path, "li.na", password=SALES_PW) as db:
        assert db.user["role"] == "sales"
    assert "authentication failed" in refusal(path, "li.na", password="nope-nope-nope")
    last = auth_log(path)[-1]
    assert (last["username"], last["layer"], last["method"], last["outcome"]) == (
        "li.na", "python", "password", "failed")


def test_unknown_user_answers_like_a_wrong_password(path):
    assert refusal(path, "ghost", password="nope-nope-nope") == refusal(
        path, "li.na", password="nope-nope-nope")
    assert refusal(path, "ghost") == refusal(path, "li.na")


def test_lockout_then_unlock(path):
    for _ in range(3):
        refusal(path, "li.na", password="guess-guess")
    assert "too many failed attempts" in refusal(path, "li.na", password=SALES_PW)
    time.sleep(2.2)
    clientele.Database(path, "li.na", password=SALES_PW).close()


def test_password_change_and_admin_reset(path):
    with clientele.Database(path, "li.na", password=SALES_PW) as db:
        with pytest.raises(clientele.PermissionDeniedError):
            db.change_password("not-the-old-one", "sales-secret-2")
        with pytest.raises(clientele.InvalidInputError):
            db.change_password(SALES_PW, "short")
        db.change_password(SALES_PW, "sales-secret-2")
    refusal(path, "li.na", password=SALES_PW)
    with clientele.Database(path, password=ADMIN_PW) as admin:
        admin.reset_password("li.na", "from-the-admin")
    assert "must be changed" in refusal(path, "li.na", password="from-the-admin")
    clientele.Database(path, "li.na", password="from-the-admin", new_password="mine-again-1").close()
    clientele.Database(path, "li.na", password="mine-again-1").close()


def test_trusted_host_needs_the_databases_permission(path):
    assert "auth.trusted_host_allowed" in refusal(path, "li.na", trusted_host=True)
    with clientele.Database(path, password=ADMIN_PW) as admin:
        admin.set_setting("auth.trusted_host_allowed", "on")
    with clientele.Database(path, "li.na", trusted_host=True) as db:
        assert db.user["username"] == "li.na"
