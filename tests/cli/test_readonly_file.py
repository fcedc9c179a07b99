"""A database file the process may not write: reads work, every change fails with the
storage exit code and a message that says the file is read-only, and the file is unchanged.

File permissions do not bind root, so when the suite runs as root (as CI does) the
commands run as the unprivileged user 'nobody'. The checkout may lie in a folder 'nobody'
cannot enter (a clone under `mktemp -d`), so the CLI and the libraries it loads from there
are copied next to the database first."""
import hashlib
import os
import pathlib
import shutil
import stat
import subprocess
import tempfile

import pytest

CLI = os.environ.get("CLIENTELE_CLI")
STORAGE = 7


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def open_to_others(path):
    """Whether a user with no rights of its own can read `path` (every parent searchable)."""
    path = pathlib.Path(path).resolve()
    if not os.stat(path).st_mode & stat.S_IROTH:
        return False
    return all(os.stat(p).st_mode & stat.S_IXOTH for p in path.parents)


def libraries(program):
    """The shared libraries the dynamic loader resolves for `program`, and whether each is
    one of its own build's (found through its RUNPATH, $ORIGIN/../lib, which a copy of the
    program elsewhere no longer reaches)."""
    out = subprocess.run(["ldd", program], capture_output=True, text=True, check=True).stdout
    build = pathlib.Path(program).resolve().parents[1]
    found = [pathlib.Path(line.split("=>")[1].split("(")[0].strip())
             for line in out.splitlines() if "=>" in line and "/" in line.split("=>")[1]]
    return [(lib, build in lib.resolve().parents) for lib in found]


def reader(top, program):
    """as_reader(args) -> CompletedProcess: the CLI run by someone without write access.

    As root that is 'nobody', running a copy of the CLI under `top` with its build's own
    libraries and any other it loads from a place 'nobody' cannot reach: the build tree may
    sit inside a private folder."""
    if os.geteuid() != 0:
        return lambda args: subprocess.run([program, *map(str, args)], capture_output=True, text=True)
    bin_dir, lib_dir = top / "bin", top / "lib"
    bin_dir.mkdir()
    lib_dir.mkdir()
    cli = bin_dir / "clientele"
    shutil.copy2(program, cli)
    for lib, own in libraries(program):
        if own or not open_to_others(lib):
            shutil.copy2(lib, lib_dir / lib.name)
    for folder in (bin_dir, lib_dir):
        for f in (folder, *folder.iterdir()):
            os.chmod(f, 0o755)
    env = {**os.environ, "LD_LIBRARY_PATH": str(lib_dir)}
    return lambda args: subprocess.run([cli, *map(str, args)], capture_output=True, text=True, env=env,
                                       cwd=top, preexec_fn=lambda: (os.setgid(65534), os.setuid(65534)))


def shared_temp():
    """A temporary folder others can enter: pytest's tmp_path (and a private $TMPDIR) may not be."""
    return tempfile.gettempdir() if open_to_others(tempfile.gettempdir()) else "/tmp"


def private_copy(folder):
    """The CLI (and the libraries of its own build) inside a folder only root may enter, as
    in a checkout under `mktemp -d`; its RUNPATH ($ORIGIN/../lib) finds them there."""
    folder.mkdir(mode=0o700)
    (folder / "bin").mkdir()
    (folder / "lib").mkdir()
    for lib, own in libraries(CLI):
        if own:
            shutil.copy2(lib, folder / "lib" / lib.name)
    return shutil.copy2(CLI, folder / "bin" / "clientele")


@pytest.mark.skipif(not CLI, reason="CLIENTELE_CLI is not set (run through ctest)")
@pytest.mark.parametrize("checkout", ["as built", "in a private folder"])
def test_write_protected_file_reads_but_refuses_changes(checkout, tmp_path):
    program = CLI if checkout == "as built" else private_copy(tmp_path / "private")
    with tempfile.TemporaryDirectory(dir=shared_temp()) as top:
        os.chmod(top, 0o755)
        check_write_protected(pathlib.Path(top), program)


def check_write_protected(top, program):
    folder = top / "shop"
    folder.mkdir()
    db = folder / "shop.db"
    for args in (["init", db], ["customer", "add", db, "--family-name", "王", "--given-name", "芳",
                                "--external-id", "W1"]):
        subprocess.run([program, *map(str, args)], check=True, capture_output=True)
    # No -wal/-shm left behind after a clean close; the folder and file become read-only.
    os.chmod(db, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    os.chmod(folder, stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
    before = digest(db)
    as_reader = reader(top, program)

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
