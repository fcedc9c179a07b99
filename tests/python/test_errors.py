"""The exception classes: one per error code, all under clientele.Error; and the failures
of opening a store."""
from __future__ import annotations

import pickle
import sqlite3

import pytest

import clientele

CLASSES = {
    clientele.InvalidInputError: clientele.ErrorCode.INVALID_INPUT,
    clientele.NotFoundError: clientele.ErrorCode.NOT_FOUND,
    clientele.ConflictError: clientele.ErrorCode.CONFLICT,
    clientele.PermissionDeniedError: clientele.ErrorCode.PERMISSION_DENIED,
    clientele.StorageError: clientele.ErrorCode.STORAGE,
    clientele.CorruptDataError: clientele.ErrorCode.CORRUPT_DATA,
    clientele.CancelledError: clientele.ErrorCode.CANCELLED,
    clientele.UnsupportedError: clientele.ErrorCode.UNSUPPORTED,
    clientele.InternalError: clientele.ErrorCode.INTERNAL,
}


def test_every_code_has_its_own_class_under_error():
    assert len(set(CLASSES)) == len(clientele.ErrorCode) - 1  # all but OK
    for cls, code in CLASSES.items():
        assert issubclass(cls, clientele.Error)
        assert issubclass(cls, Exception)
        assert cls.code == code
    assert issubclass(clientele.InvalidInputError, ValueError)
    assert issubclass(clientele.NotFoundError, LookupError)


def test_codes_are_the_c_abi_status_values():
    assert [int(c) for c in clientele.ErrorCode] == list(range(10))
    assert clientele.ErrorCode.NOT_FOUND == 2


def test_raised_errors_carry_code_and_message(db):
    with pytest.raises(clientele.Error) as err:
        db.get_customer("missing")
    assert type(err.value) is clientele.NotFoundError
    assert err.value.code == clientele.ErrorCode.NOT_FOUND
    assert "missing" in str(err.value)
    assert err.value.message == str(err.value)


def test_invalid_input_carries_field_source_row_reason(db):
    with pytest.raises(clientele.InvalidInputError) as err:
        db.create_customer(given_name="x", emails=[{"address": "bad"}])
    e = err.value
    assert e.field == "emails[0].address"
    assert e.row == 0
    assert e.source == ""
    assert e.reason and e.reason in str(e)
    assert "emails[0].address" in str(e)


def test_errors_pickle_with_their_attributes():
    e = clientele.InvalidInputError("f.csv:3: field 'x': bad", field="x", source="f.csv", row=3,
                                    reason="bad")
    back = pickle.loads(pickle.dumps(e))
    assert type(back) is clientele.InvalidInputError
    assert (back.field, back.source, back.row, back.reason, str(back)) == \
        ("x", "f.csv", 3, "bad", "f.csv:3: field 'x': bad")
    nf = pickle.loads(pickle.dumps(clientele.NotFoundError("gone")))
    assert type(nf) is clientele.NotFoundError and str(nf) == "gone"


def test_a_text_file_is_not_a_database(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("this is not a database\n" * 200)
    original = path.read_bytes()
    with pytest.raises(clientele.CorruptDataError):
        clientele.Database(path)
    with pytest.raises(clientele.CorruptDataError):
        clientele.Database(path, create=True)
    assert path.read_bytes() == original


def test_another_applications_sqlite_file_is_not_a_database(tmp_path):
    path = tmp_path / "other.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE customers(name TEXT)")
    con.execute("INSERT INTO customers VALUES ('x')")
    con.commit()
    con.close()
    with pytest.raises(clientele.CorruptDataError):
        clientele.Database(path, create=True)
    con = sqlite3.connect(path)
    assert con.execute("SELECT name FROM customers").fetchall() == [("x",)]
    con.close()


def test_missing_file_without_create(tmp_path):
    path = tmp_path / "missing.db"
    with pytest.raises(clientele.Error):
        clientele.Database(path)
    assert not path.exists()


def test_a_directory_is_not_a_database(tmp_path):
    with pytest.raises((clientele.StorageError, clientele.CorruptDataError)):
        clientele.Database(tmp_path, create=True)


def test_newer_schema_is_unsupported(db_path):
    clientele.Database(db_path, create=True).close()
    con = sqlite3.connect(db_path)
    con.execute(f"PRAGMA user_version = {clientele.schema_version + 1}")
    con.commit()
    con.close()
    with pytest.raises(clientele.UnsupportedError):
        clientele.Database(db_path)


def test_closed_database_raises_storage_error(db_path):
    db = clientele.Database(db_path, create=True)
    db.close()
    db.close()  # twice is fine
    assert db.closed
    with pytest.raises(clientele.StorageError):
        db.count_customers()
    assert "closed" in repr(db)


def test_context_manager_closes(db_path):
    with clientele.Database(db_path, create=True) as db:
        assert not db.closed
        assert db.user["username"] == "admin"
        assert db.user["role"] == "admin"
        assert db.path.name == "store.db"
    assert db.closed

