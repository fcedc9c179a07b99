"""Backups that restore (docs/backup.md): :meth:`clientele.Database.backup`,
:func:`clientele.restore` and :func:`clientele.verify_backup`. A backup is compressed and,
given a passphrase (Argon2id) or a 32-byte key file, encrypted and authenticated; each call
returns the backup's manifest. The work is done by the C++ core with the GIL released."""

from __future__ import annotations

import os
from typing import Any

from . import _core
from ._errors import Error, missing_file


def _reading(path: Path, call: Any) -> Manifest:
    try:
        return call()
    except Error as e:
        missing = missing_file(path, e)
        if missing is None:
            raise
        raise missing from None

Manifest = dict[str, Any]
Path = str | os.PathLike[str]

__all__ = ["BackupMethods", "restore", "verify_backup"]


class BackupMethods:
    """Mixed into :class:`clientele.Database`."""

    __slots__ = ()
    _core: Any

    def backup(self, path: Path, *, passphrase: str | None = None, key_file: Path | None = None) -> Manifest:
        """Writes a backup of the whole store to ``path`` while others may keep writing (admins
        only, not inside a transaction). The file appears complete or not at all."""
        return self._core.backup(path, passphrase, key_file)


def restore(backup: Path, database: Path, *, passphrase: str | None = None, key_file: Path | None = None,
            force: bool = False) -> Manifest:
    """Verifies all of ``backup`` and restores it to ``database`` through a temporary file and
    a rename. ConflictError when ``database`` exists and ``force`` is not set;
    PermissionDeniedError for a wrong passphrase or key; CorruptDataError for a changed or
    damaged backup. On failure nothing is written."""
    return _reading(backup, lambda: _core.restore(backup, database, passphrase, key_file, force))


def verify_backup(backup: Path, *, passphrase: str | None = None, key_file: Path | None = None) -> Manifest:
    """Checks ``backup`` completely (authentication or checksum, the data's checksum, SQLite's
    integrity check) without restoring it; raises as :func:`restore` does."""
    return _reading(backup, lambda: _core.verify_backup(backup, passphrase, key_file))
