"""Fixtures for the tests of the Python package `clientele` (test_capi_ctypes.py, which
tests the C ABI through ctypes, shares this folder but none of these fixtures).

CTest runs this suite with PYTHONPATH=<build>/python. Run by hand from the repository
root, the package is looked for in build/python as well.
"""
from __future__ import annotations

import os
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _make_importable() -> None:
    try:
        import clientele  # noqa: F401
    except ImportError:
        candidate = ROOT / "build" / "python"
        if (candidate / "clientele").is_dir():
            sys.path.insert(0, str(candidate))


_make_importable()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-slow", action="store_true", default=False,
                     help="also run tests marked slow (e.g. `pip install .` into a new venv)")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: takes minutes; run with --run-slow or CLIENTELE_RUN_SLOW=1")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--run-slow") or os.environ.get("CLIENTELE_RUN_SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="slow: run with --run-slow or CLIENTELE_RUN_SLOW=1")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def db_path(tmp_path: pathlib.Path) -> pathlib.Path:
    return tmp_path / "store.db"


@pytest.fixture
def db(db_path):
    """A new store opened as its first user, the admin "admin"."""
    import clientele

    with clientele.Database(db_path, create=True) as database:
        yield database


def snapshot(path) -> dict:
    """Everything in the store as an admin sees it, to check that a failure changed nothing."""
    import clientele

    with clientele.Database(path) as admin:
        return {
            "customers": sorted(admin.iter_customers(), key=lambda c: c["id"]),
            "interactions": sorted(admin.iter_interactions(), key=lambda i: i["id"]),
            "users": sorted(admin.list_users(), key=lambda u: u["username"]),
            "tags": admin.all_tags(),
            "settings": {k: admin.setting(k) for k in ("default_region", "default_currency")},
        }


class Team:
    """A store with users of every role and customers owned by some of them.

    east: alice (sales), bob (sales), carol (manager); west: dave (sales); vera (viewer).
    Customers: alice_c (owned by alice), bob_c (bob), dave_c (dave), each with an email,
    a phone, a tag and one interaction.
    """

    def __init__(self, path: pathlib.Path) -> None:
        import clientele

        self.path = path
        with clientele.Database(path, create=True) as admin:
            admin.add_user(username="alice", display_name="Alice", role="sales", team="east")
            admin.add_user(username="bob", display_name="Bob", role="sales", team="east")
            admin.add_user(username="carol", display_name="Carol", role="manager", team="east")
            admin.add_user(username="dave", display_name="Dave", role="sales", team="west")
            admin.add_user(username="vera", display_name="Vera", role="viewer")
            self.customers = {}
            for owner, name, email, phone in [
                ("alice", "Annabel Quist", "annabel@example.com", "13800000001"),
                ("bob", "Boris Quist", "boris@example.com", "13800000002"),
                ("dave", "Dmitri Quist", "dmitri@example.com", "13800000003"),
            ]:
                given, family = name.split()
                c = admin.create_customer(
                    given_name=given, family_name=family, owner=owner,
                    emails=[{"address": email}], phones=[{"number": phone}],
                    tags=[f"{owner}-tag"], external_id=f"EXT-{owner}")
                admin.add_interaction(customer_id=c["id"], kind="call",
                                      occurred_at="2024-03-01T10:00:00Z", owner=owner)
                self.customers[owner] = c

    def open(self, user: str, **options):
        import clientele

        return clientele.Database(self.path, user=user, **options)

    @property
    def alice_c(self):
        return self.customers["alice"]

    @property
    def bob_c(self):
        return self.customers["bob"]

    @property
    def dave_c(self):
        return self.customers["dave"]


@pytest.fixture
def team(db_path) -> Team:
    return Team(db_path)


@pytest.fixture
def state():
    """state(path) -> everything in the store (see snapshot)."""
    return snapshot
