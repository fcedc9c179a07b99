"""The C ABI (include/clientele.h) from a second language: Python's ctypes alone.

No pybind11 module and no `import clientele`: only the shared library named by the
CLIENTELE_LIB environment variable (CTest sets it), so this proves a foreign caller can
open a store, pass records as JSON text, read errors and free what the library returns.
"""

import ctypes
import json
import os

import pytest

LIB_PATH = os.environ.get("CLIENTELE_LIB")
if not LIB_PATH:
    pytest.skip("CLIENTELE_LIB is not set", allow_module_level=True)

# clt_status values (include/clientele.h).
CLT_OK = 0
CLT_INVALID_INPUT = 1
CLT_NOT_FOUND = 2
CLT_CONFLICT = 3
CLT_PERMISSION_DENIED = 4
CLT_STORAGE = 5
CLT_CORRUPT_DATA = 6
CLT_MISUSE = 100

CLT_DB_OPEN_OPTIONS_VERSION = 1


class OpenOptions(ctypes.Structure):
    _fields_ = [
        ("version", ctypes.c_uint),
        ("user", ctypes.c_char_p),
        ("create", ctypes.c_int),
        ("read_only", ctypes.c_int),
    ]


def _load():
    lib = ctypes.CDLL(LIB_PATH)
    db_p = ctypes.c_void_p
    out_str = ctypes.POINTER(ctypes.c_void_p)  # char ** kept as raw pointers to free them
    status = ctypes.c_int
    sig = {
        "clt_last_error": (ctypes.c_char_p, []),
        "clt_last_error_field": (ctypes.c_char_p, []),
        "clt_db_last_error": (ctypes.c_char_p, [db_p]),
        "clt_db_last_error_field": (ctypes.c_char_p, [db_p]),
        "clt_status_name": (ctypes.c_char_p, [ctypes.c_int]),
        "clt_string_free": (None, [ctypes.c_void_p]),
        "clt_version": (ctypes.c_char_p, []),
        "clt_version_number": (ctypes.c_int, []),
        "clt_db_open_options_init": (status, [ctypes.POINTER(OpenOptions), ctypes.c_uint]),
        "clt_db_open": (status, [ctypes.POINTER(db_p), ctypes.c_char_p, ctypes.POINTER(OpenOptions)]),
        "clt_db_close": (None, [db_p]),
        "clt_customer_create": (status, [out_str, db_p, ctypes.c_char_p]),
        "clt_customer_get": (status, [out_str, db_p, ctypes.c_char_p]),
        "clt_customer_update": (status, [out_str, db_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int64]),
        "clt_customer_count": (status, [ctypes.POINTER(ctypes.c_int64), db_p, ctypes.c_char_p]),
        "clt_customer_search": (status, [out_str, db_p, ctypes.c_char_p, ctypes.c_size_t]),
        "clt_customer_list": (status, [out_str, db_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p]),
        "clt_tag_add": (status, [out_str, db_p, ctypes.c_char_p, ctypes.c_char_p]),
        "clt_transaction_begin": (status, [db_p]),
        "clt_transaction_rollback": (status, [db_p]),
    }
    for name, (restype, argtypes) in sig.items():
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes
    return lib


lib = _load()


def take_string(ptr: ctypes.c_void_p):
    """Copies a library-owned char* into a Python str and frees it with clt_string_free."""
    if not ptr.value:
        return None
    try:
        return ctypes.string_at(ptr.value).decode("utf-8")
    finally:
        lib.clt_string_free(ptr)


class CError(Exception):
    def __init__(self, status):
        self.status = status
        self.name = lib.clt_status_name(status).decode()
        self.message = lib.clt_last_error().decode("utf-8")
        self.field = lib.clt_last_error_field().decode("utf-8")
        super().__init__(f"{self.name}: {self.message}")


def call_json(fn, *args):
    """Calls fn(&out, *args) and returns the parsed JSON out, raising CError on failure."""
    out = ctypes.c_void_p()
    status = fn(ctypes.byref(out), *args)
    if status != CLT_OK:
        assert out.value is None  # failures leave the out parameter NULL
        raise CError(status)
    text = take_string(out)
    return None if text is None else json.loads(text)


def open_db(path, user=b"admin", create=False, read_only=False):
    opts = OpenOptions()
    assert lib.clt_db_open_options_init(ctypes.byref(opts), CLT_DB_OPEN_OPTIONS_VERSION) == CLT_OK
    opts.user = user
    opts.create = int(create)
    opts.read_only = int(read_only)
    handle = ctypes.c_void_p()
    status = lib.clt_db_open(ctypes.byref(handle), os.fsencode(path), ctypes.byref(opts))
    if status != CLT_OK:
        assert handle.value is None
        raise CError(status)
    return handle


def count(db, filt=None):
    n = ctypes.c_int64(-1)
    assert lib.clt_customer_count(ctypes.byref(n), db, filt) == CLT_OK
    return n.value


def enc(obj):
    return json.dumps(obj, ensure_ascii=False).encode("utf-8")


@pytest.fixture
def db(tmp_path):
    handle = open_db(tmp_path / "客户.db", create=True)
    yield handle
    lib.clt_db_close(handle)


def test_version_matches_header():
    assert lib.clt_version().decode() == "%d.%d.%d" % (
        lib.clt_version_number() // 10000,
        lib.clt_version_number() // 100 % 100,
        lib.clt_version_number() % 100,
    )
    assert lib.clt_status_name(CLT_CONFLICT) == b"conflict"
    assert lib.clt_status_name(CLT_MISUSE) == b"misuse"


def test_open_creates_and_reopens(tmp_path):
    path = tmp_path / "shop.db"
    with pytest.raises(CError) as e:
        open_db(path)
    assert e.value.status == CLT_NOT_FOUND
    assert not path.exists()
    h = open_db(path, create=True)
    lib.clt_db_close(h)
    assert path.exists()
    h = open_db(path)
    assert count(h) == 0
    lib.clt_db_close(h)
    lib.clt_db_close(None)  # NULL is a no-op


def test_not_a_database(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not a database\n" * 100)
    with pytest.raises(CError) as e:
        open_db(path)
    assert e.value.status == CLT_CORRUPT_DATA
    assert e.value.message


def test_customer_round_trip_with_chinese_text(db):
    record = {
        "given_name": "伟",
        "family_name": "张",
        "company_name": "上海华联贸易有限公司",
        "emails": [{"address": "Zhang.Wei@Example.com"}],
        "phones": [{"number": "138-1234-5678"}],
        "addresses": [{"city": "上海", "street": "南京东路 100 号", "country": "CN"}],
        "notes": "喜欢晚上六点后来电 ☎",
        "custom": {"鞋码": 42},
    }
    created = call_json(lib.clt_customer_create, db, enc(record))
    assert created["display_name"] == "张伟"
    assert created["version"] == 1
    assert created["emails"][0]["normalized"] == "zhang.wei@example.com"
    assert created["phones"][0]["e164"] == "+8613812345678"
    got = call_json(lib.clt_customer_get, db, created["id"].encode())
    assert got == created
    assert got["notes"] == "喜欢晚上六点后来电 ☎"
    assert got["addresses"][0]["street"] == "南京东路 100 号"
    assert got["custom"] == {"鞋码": 42}

    hits = call_json(lib.clt_customer_search, db, "贸易有限".encode(), 0)
    assert [c["id"] for c in hits] == [created["id"]]

    tags = call_json(lib.clt_tag_add, db, created["id"].encode(), enc(["老客户", "vip"]))
    assert sorted(tags) == sorted(["老客户", "vip"])

    version = call_json(lib.clt_customer_get, db, created["id"].encode())["version"]
    assert version == 2  # adding tags is a change too
    updated = call_json(lib.clt_customer_update, db, created["id"].encode(),
                        enc({"notes": "改为上午"}), version)
    assert updated["version"] == 3 and updated["notes"] == "改为上午"


def test_errors_and_last_error(db):
    before = count(db)
    with pytest.raises(CError) as e:
        call_json(lib.clt_customer_create, db, enc({"given_name": "A", "birthday": "1990-02-30"}))
    assert e.value.status == CLT_INVALID_INPUT
    assert e.value.name == "invalid_input"
    assert "birthday" in e.value.message
    assert e.value.field == "birthday"
    assert count(db) == before

    with pytest.raises(CError) as e:
        call_json(lib.clt_customer_create, db, b"[1, 2, 3]")
    assert e.value.status == CLT_INVALID_INPUT

    with pytest.raises(CError) as e:
        call_json(lib.clt_customer_get, db, b"00000000-0000-4000-8000-000000000000")
    assert e.value.status == CLT_NOT_FOUND
    assert e.value.message

    created = call_json(lib.clt_customer_create, db, enc({"given_name": "李", "family_name": "娜"}))
    call_json(lib.clt_customer_update, db, created["id"].encode(), enc({"notes": "first"}), 1)
    with pytest.raises(CError) as e:
        call_json(lib.clt_customer_update, db, created["id"].encode(), enc({"notes": "stale"}), 1)
    assert e.value.status == CLT_CONFLICT
    assert call_json(lib.clt_customer_get, db, created["id"].encode())["notes"] == "first"

    # NULL arguments are reported, not crashed on.
    with pytest.raises(CError) as e:
        call_json(lib.clt_customer_get, db, None)
    assert e.value.status == CLT_MISUSE and e.value.field == "ref"
    with pytest.raises(CError) as e:
        call_json(lib.clt_customer_get, None, b"x")
    assert e.value.status == CLT_MISUSE

    # Success resets the last error.
    assert count(db) == before + 1
    assert lib.clt_last_error() == b""


def test_string_ownership(db):
    """Strings handed out are caller-owned copies: each one is independent and is freed
    exactly once with clt_string_free; freeing NULL is harmless."""
    created = call_json(lib.clt_customer_create, db, enc({"given_name": "王", "family_name": "芳"}))
    ref = created["id"].encode()
    a, b = ctypes.c_void_p(), ctypes.c_void_p()
    assert lib.clt_customer_get(ctypes.byref(a), db, ref) == CLT_OK
    assert lib.clt_customer_get(ctypes.byref(b), db, ref) == CLT_OK
    assert a.value and b.value and a.value != b.value
    text_a = ctypes.string_at(a.value)
    lib.clt_string_free(a)
    assert ctypes.string_at(b.value) == text_a  # b is untouched by freeing a
    lib.clt_string_free(b)
    lib.clt_string_free(None)

    # A failing call leaves NULL in the out parameter, so there is nothing to free.
    out = ctypes.c_void_p(12345)
    assert lib.clt_customer_get(ctypes.byref(out), db, b"no-such-ref") == CLT_NOT_FOUND
    assert out.value is None

    # Many round trips: a leak or double free would show under a sanitizer or crash here.
    for _ in range(200):
        page = call_json(lib.clt_customer_list, db, None, 10, None)
        assert [c["id"] for c in page["items"]] == [created["id"]]
        assert "next_cursor" not in page


def test_transaction_rollback(db):
    before = count(db)
    assert lib.clt_transaction_begin(db) == CLT_OK
    call_json(lib.clt_customer_create, db, enc({"given_name": "临时"}))
    assert count(db) == before + 1
    assert lib.clt_transaction_rollback(db) == CLT_OK
    assert count(db) == before
    assert lib.clt_transaction_rollback(db) == CLT_MISUSE


def test_last_error_is_per_thread(db):
    """A failure on one thread is not visible as another thread's last error."""
    import threading

    seen = {}

    def fail_here():
        out = ctypes.c_void_p()
        seen["status"] = lib.clt_customer_get(ctypes.byref(out), db, b"missing-on-worker")
        seen["message"] = lib.clt_last_error().decode()

    assert count(db) == 0  # leaves this thread's last error empty
    t = threading.Thread(target=fail_here)
    t.start()
    t.join()
    assert seen["status"] == CLT_NOT_FOUND
    assert "missing-on-worker" in seen["message"]
    assert lib.clt_last_error() == b""


def test_handle_error_survives_a_change_of_thread(db):
    """The per-handle error is what a caller whose threads move (Go, a pool) reads: a
    failure on a worker thread is still there on the main thread, under the handle."""
    import threading

    def fail_here():
        out = ctypes.c_void_p()
        assert lib.clt_customer_get(ctypes.byref(out), db, b"missing-on-worker") == CLT_NOT_FOUND

    assert count(db) == 0
    t = threading.Thread(target=fail_here)
    t.start()
    t.join()
    assert lib.clt_last_error() == b""  # this thread's error: the successful count
    assert b"missing-on-worker" in lib.clt_db_last_error(db)
    assert lib.clt_db_last_error_field(db) == b""
    assert count(db) == 0
    assert lib.clt_db_last_error(db) == b""


def test_messages_are_utf8_for_any_input(db):
    """Bytes that are not UTF-8 come back escaped, so every message decodes; nlohmann's
    exception names never show."""
    with pytest.raises(CError) as e:  # CError decodes the message as UTF-8
        call_json(lib.clt_customer_create, db, b'{"given_name": "Wei\xff\xfe"}')
    assert e.value.status == CLT_INVALID_INPUT
    assert "\\xFF" in e.value.message
    assert "json.exception" not in e.value.message
    lib.clt_db_last_error(db).decode("utf-8")
    with pytest.raises(CError) as e:
        call_json(lib.clt_customer_create, db, b'{"given_name": }')
    assert e.value.message.startswith("json: not valid JSON: ") or "not valid JSON: " in e.value.message
    assert "parse_error" not in e.value.message and "[json" not in e.value.message
