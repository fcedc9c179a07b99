"""The exceptions clientele raises: one class per error code, all under :class:`Error`.

The C++ core throws ``clientele::Error`` with an ``ErrorCode``; the extension module turns
each into the class below with the same code (see ``class_for_code``). The numeric codes are
the C ABI's ``clt_status`` values.
"""

from __future__ import annotations

import enum
from typing import Any


class ErrorCode(enum.IntEnum):
    """What kind of failure an :class:`Error` is (the C ABI's status values)."""

    OK = 0
    INVALID_INPUT = 1
    NOT_FOUND = 2
    CONFLICT = 3
    PERMISSION_DENIED = 4
    STORAGE = 5
    CORRUPT_DATA = 6
    CANCELLED = 7
    UNSUPPORTED = 8
    INTERNAL = 9


class Error(Exception):
    """Base class of every error clientele reports.

    ``code`` is the :class:`ErrorCode`; ``str(error)`` is the library's message.
    """

    code: ErrorCode = ErrorCode.INTERNAL

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class InvalidInputError(Error, ValueError):
    """A value that does not satisfy the rules (bad email, unknown key, Feb 30, ...).

    ``field`` names the offending field ("emails[0].address", "birthday"), ``source`` where
    the record came from (a file name; empty for records passed from Python), ``row`` its
    1-based row (0 when there is none, e.g. a single call) and ``reason`` the reason alone.
    """

    code = ErrorCode.INVALID_INPUT

    def __init__(
        self,
        message: str = "",
        *,
        field: str = "",
        source: str = "",
        row: int = 0,
        reason: str = "",
    ) -> None:
        super().__init__(message)
        self.field = field
        self.source = source
        self.row = row
        self.reason = reason or message

    def __reduce__(self) -> Any:
        return (_rebuild_invalid_input, (self.message, self.field, self.source, self.row, self.reason))


def _rebuild_invalid_input(message: str, field: str, source: str, row: int, reason: str) -> InvalidInputError:
    return InvalidInputError(message, field=field, source=source, row=row, reason=reason)


class NotFoundError(Error, LookupError):
    """No such record, or one the current user may not see."""

    code = ErrorCode.NOT_FOUND


class MissingFileError(NotFoundError, FileNotFoundError):
    """A file the call reads does not exist: a :class:`NotFoundError` that is also a
    :class:`FileNotFoundError` (an :class:`OSError`), with ``filename`` set."""

    def __init__(self, message: str = "", filename: Any = None) -> None:
        super().__init__(message)
        self.filename = filename

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""

    def __reduce__(self) -> Any:
        return (MissingFileError, (self.message, self.filename))


def missing_file(path: Any, error: BaseException | None = None) -> MissingFileError | None:
    """A MissingFileError for ``path`` when it does not exist (the reason a call failed),
    else None."""
    import os

    try:
        if os.path.exists(path):
            return None
    except (TypeError, ValueError):
        return None
    message = str(error) if error is not None else f"no such file: '{os.fspath(path)}'"
    return MissingFileError(message, os.fspath(path))


def reading_file(path: Any, call: Any) -> Any:
    """Runs ``call()``, which reads ``path``; when it fails because ``path`` does not exist,
    raises :class:`MissingFileError` (a FileNotFoundError) naming it instead."""
    try:
        return call()
    except Error as e:
        missing = missing_file(path, e)
        if missing is None:
            raise
        raise missing from None


class ConflictError(Error):
    """A stale version (someone changed the record since it was read) or a duplicate key."""

    code = ErrorCode.CONFLICT


class PermissionDeniedError(Error, PermissionError):
    """The current user's role does not allow the operation, or a credential was refused
    (also a :class:`PermissionError`)."""

    code = ErrorCode.PERMISSION_DENIED


class StorageError(Error, OSError):
    """SQLite or file-system failure, a read-only database, a closed Database (also an
    :class:`OSError`)."""

    code = ErrorCode.STORAGE


class CorruptDataError(Error):
    """The file is not a clientele database, or records in it are damaged."""

    code = ErrorCode.CORRUPT_DATA


class CancelledError(Error):
    """The operation was cancelled at the caller's request."""

    code = ErrorCode.CANCELLED


class UnsupportedError(Error):
    """A newer schema than this library knows, or a feature that is not available."""

    code = ErrorCode.UNSUPPORTED


class InternalError(Error):
    """A bug in clientele. Please report it."""

    code = ErrorCode.INTERNAL


_BY_CODE: dict[int, type[Error]] = {
    cls.code: cls
    for cls in (
        InvalidInputError,
        NotFoundError,
        ConflictError,
        PermissionDeniedError,
        StorageError,
        CorruptDataError,
        CancelledError,
        UnsupportedError,
        InternalError,
    )
}


def class_for_code(code: int) -> type[Error]:
    """The exception class for an error code (InternalError for an unknown one)."""
    return _BY_CODE.get(code, InternalError)


__all__ = [
    "ErrorCode",
    "Error",
    "InvalidInputError",
    "NotFoundError",
    "MissingFileError",
    "ConflictError",
    "PermissionDeniedError",
    "StorageError",
    "CorruptDataError",
    "CancelledError",
    "UnsupportedError",
    "InternalError",
    "class_for_code",
]
