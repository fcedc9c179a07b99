"""A database file the process may not write: reads work, every change fails with the
storage exit code and a message that says the file is read-only, and the file is unchanged.

File permissions do not bind root, so when the suite runs as root (as CI does) the
commands run as the unprivileged user 'nobody'."""
import hashlib
import os
import pathlib
import stat
import subprocess
import tempfile

import pytest

CLI = os.environ.get("CLIENTELE_CLI")
STORAGE = 7


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def as_reader(args):
    kwargs = {}
    if os.geteuid() == 0:
        kwargs["preexec_fn"] = lambda: (os.setgid(65534), os.setuid(65534))
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, **kwargs)


@pytest.mark.skipif(not CLI, reason="CLIENTELE_CLI is not set (run through ctest)")
def test_write_protected_file_reads_but_refuses_changes():
    # Not pytest's tmp_path: its parents are private to root, so 'nobody' could not reach it.
    with tempfile.TemporaryDirectory() as top:
        os.chmod(top, 0o755)
        check_write_protected(pathlib.Path(top))


def check_write_protected(top):
    folder = top / "shop"
    folder.mkdir()
    db = folder / "shop.db"
    for args in (["init", db], ["customer", "add", db, "--family-name", "王", "--given-name", "芳",
                                "--external-id", "W1"]):
        subprocess.run([CLI, *map(str, args)], check=True, capture_output=True)
    # No -wal/-shm left behind after a clean close; the folder and file become read-only.
    os.chmod(db, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    os.chmod(folder, stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
    before = digest(db)

    shown = as_reader(["customer", "show", db, "W1", "--json"])
    assert shown.returncode == 0, shown.stderr
    assert '"王芳"' in shown.stdout

    for args in (["customer", "add", db, "--family-name", "李", "--given-name", "雷"],
                 ["customer", "archive", db, "W1"],
                 ["customer", "tag", db, "W1", "--add", "vip"]):
        r = as_reader(args)
        assert r.returncode == STORAGE, (args, r.returncode, r.stderr)
        assert "read-only" in r.stderr and "not writable" in r.stderr, r.stderr
        assert r.stderr.count("\n") == 1  # one line
    assert digest(db) == before
    os.chmod(folder, 0o755)  # let the temporary directory be removed
