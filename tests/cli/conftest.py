"""Fixtures for the end-to-end tests of the `clientele` command-line tool.

The binary is taken from $CLIENTELE_CLI (set by CTest); without it the suite is skipped.
"""
import json
import os
import subprocess
import unicodedata

import pytest

CLI = os.environ.get("CLIENTELE_CLI")


class Run:
    """The outcome of one invocation."""

    def __init__(self, args, proc):
        self.args = args
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    def json(self):
        return json.loads(self.out)

    def __repr__(self):
        return f"<clientele {' '.join(self.args)} -> {self.code}\nstdout: {self.out}\nstderr: {self.err}>"


@pytest.fixture
def cli():
    """cli(*args, user=None, stdin=None, env=None) -> Run. Never raises on a failed exit."""
    if not CLI:
        pytest.skip("CLIENTELE_CLI is not set (run through ctest)")

    def run(*args, user=None, stdin=None, env=None):
        args = [str(a) for a in args]
        if user is not None:
            args += ["--user", user]
        full_env = {k: v for k, v in os.environ.items() if k != "CLIENTELE_USER"}
        full_env.update(env or {})
        proc = subprocess.run([CLI, *args], input=stdin, capture_output=True, text=True,
                              encoding="utf-8", env=full_env, timeout=60)
        return Run(args, proc)

    return run


@pytest.fixture
def ok(cli):
    """Like cli, but asserts exit 0 and returns the parsed --json output."""

    def run(*args, **kw):
        r = cli(*args, "--json", **kw)
        assert r.code == 0, r
        assert r.err == "", r
        return r.json()

    return run


@pytest.fixture
def db(cli, tmp_path):
    """A fresh database with the default admin ("admin")."""
    path = tmp_path / "shop.db"
    r = cli("init", path)
    assert r.code == 0, r
    return path


@pytest.fixture
def team_db(db, ok):
    """Users of two teams and customers owned by them.

    east: li.na (sales), wang.fang (sales), zhao.lei (manager); west: sun.li (sales);
    viewer: kan.kan. Returns (path, {name: customer json}).
    """
    for name, role, team in [("li.na", "sales", "east"), ("wang.fang", "sales", "east"),
                             ("zhao.lei", "manager", "east"), ("sun.li", "sales", "west"),
                             ("kan.kan", "viewer", "")]:
        args = ["user", "add", db, name, "--role", role]
        if team:
            args += ["--team", team]
        ok(*args)
    customers = {
        "li": ok("customer", "add", db, "--family-name", "李", "--given-name", "雷",
                 "--phone", "13900000001", "--email", "li.lei@example.com", "--tag", "vip",
                 "--owner", "li.na", "--external-id", "C-LI"),
        "wang": ok("customer", "add", db, "--family-name", "王", "--given-name", "芳芳",
                   "--phone", "13900000002", "--email", "wang.ff@example.com", "--tag", "vip",
                   "--owner", "wang.fang", "--external-id", "C-WANG"),
        "sun": ok("customer", "add", db, "--name", "Sunny West", "--phone", "13900000003",
                  "--owner", "sun.li", "--external-id", "C-SUN"),
    }
    return db, customers


def display_width(text):
    """Terminal columns of text (wide East Asian characters take two)."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


@pytest.fixture
def shop(db, ok):
    """The db fixture with two customers (A1 with a purchase and 100 points, A2 with an
    email): a small store to damage or to write outputs from."""
    ok("customer", "add", db, "--family-name", "张", "--given-name", "伟", "--phone", "13900000001",
       "--external-id", "A1")
    ok("customer", "add", db, "--family-name", "李", "--given-name", "娜", "--email", "ln@example.com",
       "--external-id", "A2")
    ok("interaction", "add", db, "--customer", "A1", "--kind", "purchase", "--amount", "12.50",
       "--at", "2024-01-02T10:00:00Z")
    ok("points", "add", db, "A1", "100")
    return db
