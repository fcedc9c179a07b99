"""Backups that restore (docs/backup.md): :meth:`clientele.Database.backup`,
:func:`clientele.restore` and :func:`clientele.verify_backup`. A backup is compressed and,
given a passphrase (Argon2id) or a 32-byte key file, encrypted and authenticated; each call
returns the backup's manifest. The work is done by the C++ core with the GIL released."""

from __future__ import annotations

import os
from typing import Any

from . import _core
from ._errors import reading_file


Manifest = dict[str, Any]
Path = str | os.PathLike[str]

__all__ = ["BackupMethods", "rekey", "restore", "verify_backup"]


class BackupMethods:
    """Mixed into :class:`clientele.Database`."""

    __slots__ = ()
    _core: Any

    def backup(self, path: Path, *, passphrase: str | None = None, key_file: Path | None = None) -> Manifest:
        """Writes a backup of the whole store to ``path`` while others may keep writing (admins
        only, not inside a transaction). The file appears complete or not at all."""
        return self._core.backup(path, passphrase, key_file)


def restore(backup: Path, database: Path, *, passphrase: str | None = None, key_file: Path | None = None,
            force: bool = False, db_passphrase: str = "", db_key: str | bytes = "",
            erasures_from: Path | None = None, ignore_erasures: bool = False) -> Manifest:
    """Verifies all of ``backup`` and restores it to ``database`` through a temporary file and
    a rename. ConflictError when ``database`` exists and ``force`` is not set;
    PermissionDeniedError for a wrong passphrase or key; CorruptDataError for a changed or
    damaged backup. On failure nothing is written. A backup of an encrypted database holds
    its pages encrypted; ``db_passphrase`` or ``db_key`` (that database's key) checks it.

    Customers erased or anonymized after the backup was taken are erased again before the
    restored file is put in place: the register is read from ``erasures_from`` (a clientele
    database), by default from the database ``force`` replaces. ``ignore_erasures`` skips
    that (only when no such database is left). The returned manifest adds
    ``erasures_reapplied`` and ``erasures_left`` (UUIDs the backup holds as merged records,
    left for a person to decide)."""
    return reading_file(backup, lambda: _core.restore(backup, database, passphrase, key_file, force, db_passphrase,
                                                      db_key, erasures_from, ignore_erasures))


def verify_backup(backup: Path, *, passphrase: str | None = None, key_file: Path | None = None,
                  db_passphrase: str = "", db_key: str | bytes = "") -> Manifest:
    """Checks ``backup`` completely (authentication or checksum, the data's checksum, SQLite's
    integrity check) without restoring it; raises as :func:`restore` does."""
    return reading_file(backup, lambda: _core.verify_backup(backup, passphrase, key_file, db_passphrase, db_key))


def rekey(path: Path, *, user: str = "admin", password: str = "", passphrase: str = "", key: str | bytes = "",
          new_passphrase: str = "", new_key: str | bytes = "") -> None:
    """Changes the key of the encrypted database at ``path``, all or nothing (docs/security.md):
    opened as ``user`` (an admin) with ``password`` and its current ``passphrase`` or ``key``
    (neither: a plain file, which is then encrypted), copied into a new file encrypted with
    ``new_passphrase`` or ``new_key`` (neither: decrypted to a plain file), checked, and
    renamed into place. Nobody else may have it open. A key is 32 bytes or 64 hex digits.
    PermissionDeniedError for a wrong current key."""
    _core.rekey(path, user=user, password=password, passphrase=passphrase, key=key,
                new_passphrase=new_passphrase, new_key=new_key)
