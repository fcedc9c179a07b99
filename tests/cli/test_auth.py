"""clientele user passwd / reset-password, auth require / set / log, and how the CLI finds
a password: CLIENTELE_PASSWORD_FILE, the OS user, a terminal (none here: refused)."""
import getpass

ADMIN_PW = "admin-secret-1"


def secret(tmp_path, name, text):
    f = tmp_path / name
    f.write_text(text + "\n")
    return str(f)


def locked_down(cli, tmp_path):
    db = tmp_path / "a.db"
    assert cli("init", db).code == 0
    assert cli("user", "add", db, "li.na", "--role", "sales").code == 0
    admin_pw = secret(tmp_path, "admin.pw", ADMIN_PW)
    r = cli("auth", "require", db, "on")
    assert r.code == 6 and "no password" in r.err, r
    r = cli("user", "reset-password", db, "admin", env={"CLIENTELE_NEW_PASSWORD_FILE": admin_pw})
    assert r.code == 0, r
    assert cli("auth", "require", db, "on").code == 0
    return db, {"CLIENTELE_PASSWORD_FILE": admin_pw}


def test_password_file_opens_missing_or_wrong_refused(cli, tmp_path):
    db, admin = locked_down(cli, tmp_path)
    assert cli("stats", db, env=admin).code == 0
    r = cli("stats", db)  # no terminal, no file: refused
    assert r.code == 6 and "authentication failed" in r.err, r
    wrong = {"CLIENTELE_PASSWORD_FILE": secret(tmp_path, "wrong.pw", "not-the-password")}
    r_wrong = cli("stats", db, env=wrong)
    r_ghost = cli("stats", db, user="ghost", env=wrong)
    assert r_wrong.code == r_ghost.code == 6
    assert r_wrong.err == r_ghost.err
    log = cli("auth", "log", db, "--json", env=admin)
    assert log.code == 0, log
    events = log.json()
    assert {"username": "ghost", "layer": "cli", "outcome": "failed"}.items() <= events[-2].items()


def test_passwd_and_reset_password(cli, tmp_path):
    db, admin = locked_down(cli, tmp_path)
    first = secret(tmp_path, "first.pw", "first-password")
    r = cli("user", "reset-password", db, "li.na", env={**admin, "CLIENTELE_NEW_PASSWORD_FILE": first})
    assert r.code == 0 and "next login" in r.out, r
    as_lina = {"CLIENTELE_PASSWORD_FILE": first}
    r = cli("stats", db, user="li.na", env=as_lina)
    assert r.code == 6 and "must be changed" in r.err, r
    second = secret(tmp_path, "second.pw", "second-password")
    r = cli("user", "passwd", db, "li.na", env={**as_lina, "CLIENTELE_NEW_PASSWORD_FILE": second})
    assert r.code == 0, r
    assert cli("stats", db, user="li.na", env={"CLIENTELE_PASSWORD_FILE": second}).code == 0
    assert cli("stats", db, user="li.na", env=as_lina).code == 6


def test_lockout_setting_and_os_user(cli, tmp_path):
    db, admin = locked_down(cli, tmp_path)
    assert cli("auth", "set", db, "lockout_attempts", "2", env=admin).code == 0
    assert cli("auth", "set", db, "lockout_attempts", "zero", env=admin).code == 3
    wrong = {"CLIENTELE_PASSWORD_FILE": secret(tmp_path, "wrong.pw", "not-the-password")}
    cli("stats", db, user="li.na", env=wrong)
    cli("stats", db, user="li.na", env=wrong)
    r = cli("stats", db, user="li.na", env=wrong)
    assert r.code == 6 and "too many failed attempts" in r.err, r
    me = getpass.getuser()
    assert cli("user", "add", db, me, "--role", "viewer", env=admin).code == 0
    assert cli("stats", db).code == 6  # OS-user logins not allowed yet
    assert cli("auth", "set", db, "os_user_allowed", "on", env=admin).code == 0
    r = cli("stats", db, "--json")
    assert r.code == 0, r
