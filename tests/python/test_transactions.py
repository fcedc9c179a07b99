"""Explicit transactions as context managers."""
from __future__ import annotations

import pytest

import clientele


class Boom(Exception):
    pass


def test_commit_on_success(db):
    with db.transaction() as tx:
        assert tx.active and db.in_transaction
        for i in range(3):
            db.create_customer(given_name=f"T{i}")
    assert not db.in_transaction
    assert db.count_customers() == 3


def test_rollback_on_exception(db, db_path, state):
    db.create_customer(given_name="Kept")
    before = state(db_path)
    with pytest.raises(Boom):
        with db.transaction():
            c = db.create_customer(given_name="Lost")
            db.add_tags(c["id"], ["x"])
            db.create_customers([{"given_name": f"Bulk{i}"} for i in range(5)])
            assert db.count_customers() == 7
            raise Boom()
    assert not db.in_transaction
    assert state(db_path) == before


def test_a_failing_call_inside_rolls_everything_back_when_it_escapes(db, db_path, state):
    before = state(db_path)
    with pytest.raises(clientele.InvalidInputError):
        with db.transaction():
            db.create_customer(given_name="First")
            db.create_customer(given_name="Bad", emails=[{"address": "bad"}])
    assert state(db_path) == before


def test_explicit_rollback_and_commit(db):
    with db.transaction() as tx:
        db.create_customer(given_name="Undone")
        tx.rollback()
        assert not tx.active and not db.in_transaction
        db.create_customer(given_name="Autocommitted")
    assert [c["given_name"] for c in db.iter_customers()] == ["Autocommitted"]
    with db.transaction() as tx:
        db.create_customer(given_name="Committed")
        tx.commit()
    assert db.count_customers() == 2


def test_transactions_do_not_nest(db):
    with db.transaction():
        with pytest.raises(clientele.ConflictError):
            with db.transaction():
                pass
        db.create_customer(given_name="Still fine")
    assert db.count_customers() == 1


def test_close_rolls_back_an_open_transaction(db_path):
    db = clientele.Database(db_path, create=True)
    tx = db.transaction().__enter__()
    db.create_customer(given_name="Never")
    db.close()
    with clientele.Database(db_path) as again:
        assert again.count_customers() == 0


def test_other_connections_do_not_see_uncommitted_work(db, db_path):
    with clientele.Database(db_path) as other:
        with db.transaction():
            db.create_customer(given_name="Pending")
            assert other.count_customers() == 0
        assert other.count_customers() == 1
